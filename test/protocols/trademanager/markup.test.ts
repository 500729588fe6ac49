import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stripBold, stripHtml } from "../../../src/protocols/trademanager/markup.js";

describe("stripHtml", () => {
  it("removes tags and keeps their text", () => {
    expect(stripHtml('<span style="color:#0f0"><strong>1 BUY</strong></span> at 5')).toBe(
      "1 BUY at 5",
    );
  });

  it("turns line-breaking tags into a space", () => {
    expect(stripHtml("OPEN<br>CLOSE<br/>ADD<p>TRIM</p>")).toBe("OPEN CLOSE ADD TRIM ");
  });

  it("decodes entities after removing tags, so an escaped tag survives as text", () => {
    expect(stripHtml("a &lt;b&gt; &amp; &#8212; &#x1F4CA; &nbsp;")).toBe("a <b> & — 📊 \u00a0");
    expect(stripHtml("&ldquo;x&rdquo; &mdash; &Hellip;")).toBe("“x” — …");
  });

  it("leaves what is not a tag or a known entity", () => {
    expect(stripHtml("price < 5 and > 3, &bogus; &#0; &#xD800; &constructor;")).toBe(
      "price < 5 and > 3, &bogus; &#0; &#xD800; &constructor;",
    );
  });

  it("is the identity on text without < and &", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (s) => {
        const plain = s.replace(/[<&]/g, "");
        expect(stripHtml(plain)).toBe(plain);
      }),
    );
  });
});

describe("stripBold", () => {
  it("removes ** markers only", () => {
    expect(stripBold("**ROG-15SV**, *x*, ***")).toBe("ROG-15SV, *x*, *");
  });
});
