/**
 * Trade Manager log lines are markdown-ish (`**bold**`) and may carry HTML (`<span>`,
 * `<strong>`). Parsing and display want the plain text.
 */

/** Tags that break a line; they become a space so words on either side stay apart. */
const BREAKING = new Set(["br", "p", "div", "li", "tr"]);

const TAG = /<\/?([A-Za-z][A-Za-z0-9-]*)\b[^<>]*>/g;
const ENTITY = /&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,6});/g;
const NAMED: ReadonlyMap<string, string> = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
  ["nbsp", "\u00a0"],
  ["mdash", "—"],
  ["ndash", "–"],
  ["hellip", "…"],
  ["lsquo", "‘"],
  ["rsquo", "’"],
  ["ldquo", "“"],
  ["rdquo", "”"],
  ["bull", "•"],
  ["middot", "·"],
  ["euro", "€"],
  ["copy", "©"],
  ["reg", "®"],
  ["trade", "™"],
  ["deg", "°"],
]);

function decodeEntity(whole: string, body: string): string {
  if (body.startsWith("#")) {
    const hex = body[1] === "x" || body[1] === "X";
    const cp = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    const valid = cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
    return valid ? String.fromCodePoint(cp) : whole;
  }
  return NAMED.get(body.toLowerCase()) ?? whole;
}

/**
 * Removes HTML tags (keeping their text), then decodes numeric entities and the named ones
 * log text uses (`&amp;`, `&lt;`, `&mdash;`, `&rsquo;`...); an entity it does not know stays as
 * written. Text like `a < b` is not a tag.
 */
export function stripHtml(text: string): string {
  const untagged = text.replace(TAG, (_whole, name: string) =>
    BREAKING.has(name.toLowerCase()) ? " " : "",
  );
  return untagged.replace(ENTITY, decodeEntity);
}

/** Removes `**` bold markers. */
export function stripBold(text: string): string {
  return text.replaceAll("**", "");
}
