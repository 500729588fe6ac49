/**
 * What the writer puts in a header's `tool` field. It must match the CLI's VERSION
 * (src/cli/program.ts); it is repeated here because src/tape may not import the CLI, and a test
 * keeps the two equal.
 */
export const TOOL_NAME = "tapedeck 0.1.0";
