// conform test client: no-heartbeats
import { run } from "./lib.mjs";

await run({ noHeartbeats: true });
