/** ccguard shows text from programs and inputs as the pack quotes it in its own messages. */
export { visible } from "../policies/lib/visible-text";
