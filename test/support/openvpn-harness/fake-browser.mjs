/* global process */
// Stands in for the user's browser in the end-to-end test: fetches the sign-in URL it is given.
// Through process.getBuiltinModule, not fetch or `import "node:http"`: both load Node's bundled undici (an ES module's
// import reads every export of node:http, among them the lazy WebSocket), which took this process from about 0.04 s
// of CPU to 0.13 s, once per sign-in.
const { get } = process.getBuiltinModule("node:http");

get(process.argv[2], (response) => {
  response.resume();
  response.once("end", () => process.exit(response.statusCode === 200 ? 0 : 1));
}).once("error", () => process.exit(1));
