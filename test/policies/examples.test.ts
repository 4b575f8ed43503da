/**
 * Every control of the catalogue against its own examples, through the SDK's machinery
 * (deserialisation, the unknown-checking proxy, notApplicable, the advisory downgrade of unknowns).
 */
import { catalogue } from "../../policies/catalogue";
import { describeControlExamples } from "../support/control-examples";

for (const control of catalogue) describeControlExamples(control);
