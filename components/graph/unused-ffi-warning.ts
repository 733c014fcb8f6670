/**
 * Pulumi's closure serializer maps captured values back to module names by requiring every built-in
 * module (@pulumi/pulumi runtime/closure/createClosure.js, computeBuiltInModules; unchanged up to
 * 3.276.0). On Node 26 that list includes node:ffi, whose first require prints "ExperimentalWarning:
 * FFI is an experimental feature" on every `pulumi up` and offline plan, although nothing here uses FFI.
 * Only that one warning is dropped; every other warning still reaches the user.
 */
const unusedFfiWarning = "FFI is an experimental feature";

export function dropUnusedFfiWarning(): void {
  const emitWarning = process.emitWarning;
  if ((emitWarning as { dropsUnusedFfi?: true }).dropsUnusedFfi) return;
  const filtered = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    const message = typeof warning === "string" ? warning : warning.message;
    if (message.startsWith(unusedFfiWarning)) return;
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  };
  process.emitWarning = Object.assign(filtered, { dropsUnusedFfi: true as const }) as typeof process.emitWarning;
}
