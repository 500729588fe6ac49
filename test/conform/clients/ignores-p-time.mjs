// conform test client: ignores-p-time
import { run } from "./lib.mjs";

await run({ ignorePTime: true });
