/**
 * Loaded into the policy pack's process (`node --require`), before the SDK's run-policy-pack script.
 *
 * ccguard stops the pack whenever it finishes, fails or is interrupted, but a process that is killed
 * (SIGKILL, the kernel's out-of-memory killer) runs no code at all, and the pack would keep serving
 * its port with gigabytes of heap. ccguard holds the writing end of the pack's standard input and
 * never writes: the input ends when ccguard has gone, however it went, and the pack leaves then.
 * Nothing else in the pack reads its standard input (the Pulumi CLI gives it none either).
 */
process.stdin.on("data", () => undefined);
process.stdin.once("end", () => process.exit(1));
process.stdin.once("error", () => process.exit(1));
// Watching must not keep a pack alive that would otherwise end.
(process.stdin as unknown as { unref?: () => void }).unref?.();
