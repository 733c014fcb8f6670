import { afterEach, describe, expect, it } from "vitest";
import { exitWith } from "../cli/shared/exit-with";

describe("a command's entry point", () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it.each([0, 1, 2, 64])("exits with the code %i the command returned", async (code) => {
    await exitWith(Promise.resolve(code));
    expect(process.exitCode).toBe(code);
  });

  it("exits 70 and reports the error with its stack when the command throws (a bug)", async () => {
    const reported: unknown[] = [];
    const bug = new Error("undefined is not a function");
    await exitWith(Promise.reject(bug), (error) => reported.push(error));
    expect(process.exitCode).toBe(70);
    expect(reported).toEqual([bug]);
  });
});
