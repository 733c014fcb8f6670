import { describe, expect, it } from "vitest";
import { runMutationCli } from "../cli/mutation/cli";
import { fileScores, formatScore, type MutantStatus } from "../cli/mutation/module-scores";
import { mutationModules } from "../cli/mutation/mutation-modules";
import { EXIT } from "../cli/shared/exit-codes";

const mutants = (fileName: string, counts: Partial<Record<MutantStatus, number>>) =>
  Object.entries(counts).flatMap(([status, count]) => Array.from({ length: count! }, () => ({ fileName, status: status as MutantStatus })));

describe("mutation scores", () => {
  it("scores detected (killed or timed out) over valid mutants, leaving out ignored and invalid ones", () => {
    const results = mutants("a.ts", { Killed: 80, Timeout: 10, Survived: 6, NoCoverage: 4, Ignored: 3, CompileError: 2, RuntimeError: 1 });
    expect(fileScores(results, ["a.ts"])).toEqual([{ file: "a.ts", detected: 90, survived: 6, noCoverage: 4, ignored: 3, score: 90 }]);
  });

  it("counts each file on its own, and a file without mutants as fully covered", () => {
    const results = [...mutants("a.ts", { Killed: 1, Survived: 3 }), ...mutants("b.ts", { Killed: 2 })];
    expect(fileScores(results, ["a.ts", "b.ts", "c.ts"]).map((score) => [score.file, score.score])).toEqual([
      ["a.ts", 25],
      ["b.ts", 100],
      ["c.ts", 100],
    ]);
  });

  it.each([
    [89.996, "89.99%"],
    [90, "90.00%"],
    [100, "100.00%"],
  ])("shows %d as %s, never rounding up to the bar", (score, shown) => {
    expect(formatScore(score)).toBe(shown);
  });
});

describe("npm run test:mutation", () => {
  function run(argv: string[], scores: Record<string, Partial<Record<MutantStatus, number>>>) {
    const out: string[] = [];
    const err: string[] = [];
    const ran: string[] = [];
    const done = runMutationCli(argv, {
      writeOut: (text) => void out.push(text),
      writeErr: (text) => void err.push(text),
      runStryker: async (module) => {
        ran.push(module.name);
        return module.mutate.flatMap((file) => mutants(file, scores[file] ?? { Killed: 10 }));
      },
    });
    return done.then((code) => ({ code, out: out.join(""), err: err.join(""), ran }));
  }

  it("runs every module, prints each file's score and exits 0 when all reach 90%", async () => {
    const { code, out, ran } = await run([], { "components/config.ts": { Killed: 9, Survived: 1 } });
    expect(code).toBe(EXIT.ok);
    expect(ran).toEqual(mutationModules.map((module) => module.name));
    expect(out).toMatch(/^config validation +components\/config\.ts +90\.00% +9 +1 +0 +0$/m);
  });

  it("exits 1 naming how many files fall below 90%", async () => {
    const { code, out } = await run(["config", "metadata"], { "components/config.ts": { Killed: 89, Survived: 11 } });
    expect(code).toBe(EXIT.failed);
    expect(out).toMatch(/components\/config\.ts +89\.00% \(below 90%\)/);
    expect(out).toContain("1 file(s) below 90%");
  });

  it("runs only the modules named", async () => {
    expect((await run(["metadata", "config"], {})).ran).toEqual(["config", "metadata"]);
  });

  it("exits 64 on a module it does not know, naming the ones it does", async () => {
    const { code, err, ran } = await run(["configs"], {});
    expect(code).toBe(EXIT.usage);
    expect(err).toBe(`test:mutation: "configs" is not a module; use ${mutationModules.map((module) => module.name).join(", ")}\n`);
    expect(ran).toEqual([]);
  });
});
