// conform test client: no-backoff
import { run } from "./lib.mjs";

await run({ noBackoff: true });
