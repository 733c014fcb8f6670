/* global fetch, process */
// Stands in for the user's browser in the end-to-end test: fetches the sign-in URL it is given.
const response = await fetch(process.argv[2]);
await response.text();
process.exit(response.ok ? 0 : 1);
