import { request } from "node:http";

/**
 * POSTs a form body to the sign-in listener on 127.0.0.1:`port`, as a browser's auto-posted form does, on a
 * connection of its own (no keep-alive pool holding one of the listener's slots). Resolves to the status code.
 */
export function postForm(port: number, body: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/",
        agent: false,
        headers: { origin, "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
