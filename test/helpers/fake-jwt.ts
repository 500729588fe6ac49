/**
 * A token with a JWT's shape (base64url header.payload.signature) and obviously fake content:
 * unsigned (`alg: none`), subject FAKE. Built at run time so no credential-shaped literal sits in
 * the sources; the verify and redaction tests need the shape, never a real token.
 */
export function fakeJwt(subject = "FAKE-not-a-credential"): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "FAKE" })}.${part({ sub: subject })}.FAKE`;
}
