import { runLogsCommand } from "./logs-command";
import { runMain } from "./main-environment";

runMain(runLogsCommand);
