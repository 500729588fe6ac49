// conform test client: forgets-resubscribe
import { run } from "./lib.mjs";

await run({ forgetResubscribe: true });
