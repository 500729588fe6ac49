// conform test client: well-behaved
import { run } from "./lib.mjs";

await run({});
