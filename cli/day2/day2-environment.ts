/** Everything the Day-2 commands touch outside themselves, so tests run them against fakes. */
import type { GraphClient } from "../../components/graph/graph-client";
import type { AwsClients } from "./aws-clients";
import type { DeploymentContext, StackReader } from "./stack-context";

export interface Day2Environment {
  stacks: StackReader;
  createAws(region: string | undefined): AwsClients;
  createGraph(context: DeploymentContext): GraphClient;
  /** A file named on the command line; with `maxBytes`, FileTooLargeError once it passes that many bytes. */
  readFile(path: string, maxBytes?: number): Promise<string>;
  writeOut(text: string): void;
  writeErr(text: string): void;
  /** Live progress (listr2) when true: a terminal, not CI. */
  interactive: boolean;
  color: boolean;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Resolves when the user asks to stop (Ctrl-C), for --watch; never resolves in tests unless told. */
  stopped?: Promise<void>;
}
