import { runConnectionsCommand } from "./connections-command";
import { runMain } from "./main-environment";

runMain(runConnectionsCommand);
