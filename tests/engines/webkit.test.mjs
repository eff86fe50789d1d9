// The cross-engine suite in WebKit, Safari's engine (tests/engines/suite.mjs).
import { engineSuite } from "./suite.mjs";
import { launchWebKit } from "./webkit.mjs";

engineSuite(launchWebKit);
