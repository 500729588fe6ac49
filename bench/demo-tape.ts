/** The bundled demo tape, which the parse benchmark reads. */
export const DEMO_TAPE = "recordings/demo/2026-11-20T14-30-00Z_demo.tape.jsonl";
