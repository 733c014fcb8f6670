/**
 * The messages between the CLI (root) and its sign-in listener process (unprivileged), over Node's IPC channel.
 * The CLI reads what the listener says as untrusted input: it is checked against this schema and its size bounded,
 * so a compromised listener can at most hand over a wrong SAMLResponse, which the endpoint then refuses.
 */
import { z } from "zod";
import type { ExpectedSignIn } from "../shared/saml-sign-in/acs-listener";

export type ParentMessage = { type: "await"; expected: ExpectedSignIn } | { type: "cancel" };

/** The largest form body the listener takes is about 144 KB; nothing it sends back can be longer. */
const MAX_TEXT = 256 * 1024;

export const childMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("listening"), port: z.number().int().min(1).max(65535), url: z.string().max(100) }),
  z.object({ type: z.literal("failed"), message: z.string().max(2_000) }),
  z.object({ type: z.literal("refused"), reason: z.string().max(2_000) }),
  z.object({ type: z.literal("accepted"), samlResponse: z.string().min(1).max(MAX_TEXT), origin: z.enum(["idp-origin", "null"]) }),
]);

export type ChildMessage = z.infer<typeof childMessageSchema>;
