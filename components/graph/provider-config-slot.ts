/**
 * Where the dynamic provider keeps the azuread settings that `configure` hands it (secrets decrypted),
 * for the Graph calls that follow in the same process.
 *
 * Pulumi serializes the provider by value, with every variable its functions capture
 * (@pulumi/pulumi runtime/closure), into the stack's state. A holder captured by the closure would be
 * serialized with whatever it held at that moment; in a process that ran `configure` first, that is the
 * credential. So the settings live on the process's global object, under a key the functions derive when
 * they run: the serialized text refers to `globalThis` by name and carries no value. (A captured Symbol
 * would not do either: the serializer turns it into a plain object, see the provider test.)
 */
type Settings = Readonly<Record<string, string | undefined>>;

const slotName = "clientvpn-federation/graph-provider/azuread-settings";

export function rememberAzureadSettings(settings: Settings): void {
  Object.defineProperty(globalThis, Symbol.for(slotName), {
    value: Object.freeze({ ...settings }),
    configurable: true,
    enumerable: false,
    writable: false,
  });
}

export function rememberedAzureadSettings(): Settings {
  return ((globalThis as Record<symbol, Settings | undefined>)[Symbol.for(slotName)] ?? {}) as Settings;
}
