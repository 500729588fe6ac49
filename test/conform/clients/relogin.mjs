// conform test client: relogin
import { run } from "./lib.mjs";

await run({ reloginInsteadOfRenew: true });
