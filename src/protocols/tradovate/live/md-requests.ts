/** The market-data requests `record tradovate` sends for each symbol, from its flags. */
import { InputError } from "../../../errors.js";

/** A chart as `md/getChart` describes it. */
export interface ChartSpec {
  underlyingType: "MinuteBar" | "Tick" | "DailyBar";
  elementSize: number;
}

/** What to subscribe to per symbol. */
export interface MdWants {
  quotes: boolean;
  dom: boolean;
  histogram: boolean;
  chart?: ChartSpec;
  /** `timeRange.asMuchAsElements` of the chart request. */
  chartBars: number;
}

/** One request: endpoint and JSON body. */
export interface MdRequest {
  endpoint: string;
  body: Record<string, unknown>;
}

/** Parses `--chart`: `1m`, `5m`, `1h` (minute bars), `1d` (daily), `tick` or `100t` (ticks). */
export function parseChart(text: string): ChartSpec {
  const t = text.trim().toLowerCase();
  if (t === "tick" || t === "ticks") return { underlyingType: "Tick", elementSize: 1 };
  const m = /^(\d+)\s*(m|min|h|d|t)$/.exec(t);
  const n = m ? Number(m[1]) : 0;
  if (m && n > 0) {
    switch (m[2]) {
      case "m":
      case "min":
        return { underlyingType: "MinuteBar", elementSize: n };
      case "h":
        return { underlyingType: "MinuteBar", elementSize: n * 60 };
      case "d":
        return { underlyingType: "DailyBar", elementSize: n };
      case "t":
        return { underlyingType: "Tick", elementSize: n };
    }
  }
  throw new InputError(`--chart: expected 1m, 5m, 1h, 1d, tick or 100t, got "${text}"`);
}

/** The requests for one symbol, in the order a client sends them: quote, DOM, histogram, chart. */
export function mdRequests(symbol: string, w: MdWants): MdRequest[] {
  const out: MdRequest[] = [];
  if (w.quotes) out.push({ endpoint: "md/subscribeQuote", body: { symbol } });
  if (w.dom) out.push({ endpoint: "md/subscribeDOM", body: { symbol } });
  if (w.histogram) out.push({ endpoint: "md/subscribeHistogram", body: { symbol } });
  if (w.chart) {
    out.push({
      endpoint: "md/getChart",
      body: {
        symbol,
        chartDescription: {
          underlyingType: w.chart.underlyingType,
          elementSize: w.chart.elementSize,
          elementSizeUnit: "UnderlyingUnits",
        },
        timeRange: { asMuchAsElements: w.chartBars },
      },
    });
  }
  return out;
}
