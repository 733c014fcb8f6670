import { LocalWorkspace, Stack, type EngineEvent, type LocalWorkspaceOptions } from "@pulumi/pulumi/automation";
import { EngineEventObserver } from "./engine-events";
import {
  StackOperationError,
  type ChangeSummary,
  type FleetBackend,
  type PreviewOptions,
  type ProgressListener,
  type StackRunReport,
  type UpOptions,
} from "./fleet-backend";

/**
 * The real `FleetBackend`: the Pulumi Automation API over the project's own folder (a "local program"
 * workspace, so each stack runs `index.ts` with its own `Pulumi.<stack>.yaml`).
 *
 * It needs the Pulumi CLI on PATH, a backend login (PULUMI_ACCESS_TOKEN or PULUMI_BACKEND_URL) and the
 * clouds' credentials in the environment, all inherited by the CLI processes it starts.
 */
export class LocalWorkspaceBackend implements FleetBackend {
  // `pulumi stack select` rewrites the workspace's current-stack file; two at once could clobber it. Every
  // operation passes `--stack` explicitly, so only the selects are serialised and the operations run in
  // parallel (@pulumi/pulumi/automation/stack.js: `runPulumiCmd` appends `--stack <name>`).
  private selecting: Promise<unknown> = Promise.resolve();

  private constructor(private readonly workspace: LocalWorkspace) {}

  static async create(
    projectDir: string,
    options: Omit<LocalWorkspaceOptions, "workDir" | "program"> = {},
  ): Promise<LocalWorkspaceBackend> {
    try {
      return new LocalWorkspaceBackend(await LocalWorkspace.create({ ...options, workDir: projectDir }));
    } catch (error) {
      if (error instanceof Error && /ENOENT/.test(error.message)) {
        throw new Error(
          "the Pulumi CLI was not found on PATH. Install it (https://www.pulumi.com/docs/install/) " +
            "or add its folder to PATH.",
          { cause: error },
        );
      }
      throw error;
    }
  }

  async listStacks(): Promise<string[]> {
    const stacks = await this.workspace.listStacks();
    return stacks.map((stack) => stack.name).sort((a, b) => a.localeCompare(b));
  }

  preview(stackName: string, options: PreviewOptions, onProgress: ProgressListener): Promise<StackRunReport> {
    return this.run(stackName, onProgress, async (stack, onEvent) => {
      const result = await stack.preview({
        refresh: options.refresh,
        expectNoChanges: options.expectNoChanges,
        policyPacks: [...options.policyPacks],
        color: "never",
        onEvent,
      });
      return result.changeSummary;
    });
  }

  up(stackName: string, options: UpOptions, onProgress: ProgressListener): Promise<StackRunReport> {
    return this.run(stackName, onProgress, async (stack, onEvent) => {
      const result = await stack.up({ policyPacks: [...options.policyPacks], color: "never", onEvent });
      // `summary` comes from `pulumi stack history` after the update and is undefined on an empty history.
      return result.summary?.resourceChanges;
    });
  }

  private async select(stackName: string): Promise<Stack> {
    const selected = this.selecting.then(() => Stack.select(stackName, this.workspace));
    this.selecting = selected.catch(() => undefined);
    return selected;
  }

  private async run(
    stackName: string,
    onProgress: ProgressListener,
    operation: (stack: Stack, onEvent: (event: EngineEvent) => void) => Promise<ChangeSummary | undefined>,
  ): Promise<StackRunReport> {
    const observer = new EngineEventObserver();
    const onEvent = (event: EngineEvent): void => {
      const progress = observer.observe(event);
      if (progress) onProgress(progress);
    };
    try {
      const stack = await this.select(stackName);
      const changeSummary = await operation(stack, onEvent);
      const observed = observer.report();
      return { ...observed, changeSummary: changeSummary ?? observed.changeSummary };
    } catch (error) {
      // Keep what the engine reported before the CLI exited: on `--expect-no-changes` that is the drift itself.
      throw new StackOperationError(stackName, observer.report(), observer.errorDiagnostics(), { cause: error });
    }
  }
}
