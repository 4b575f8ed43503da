/**
 * The not-applicable part of Analyze responses, made once and reused.
 *
 * Every Analyze response names each policy that does not apply to the resource (for our pack about
 * a dozen single-type policies per resource, each with the reason the SDK words). The list depends
 * on the resource's type and the config, not on the resource, yet google-protobuf encodes it anew
 * for every response, byte by byte into JavaScript arrays: profiled on 10,000 resources, those
 * encodings allocated 290 MB, more than any other part of the pack's answers.
 *
 * The entries are kept as shared messages, and the encoded bytes of each distinct list are kept
 * too. An AnalyzeResponse encodes its diagnostics (field 2) before its not-applicable entries
 * (field 3, analyzer_pb.js `AnalyzeResponse.serializeBinaryToWriter`), so a response's bytes are
 * its diagnostics' bytes followed by the list's; the response object still carries both lists.
 */

interface Message {
    serializeBinary(): Uint8Array;
}
interface NotApplicableMessage extends Message {
    setPolicyName(name: string): void;
    setReason(reason: string): void;
}
export interface ResponseMessage extends Message {
    setNotApplicableList(entries: NotApplicableMessage[]): void;
}

/** Distinct lists remembered: types times configs stay well below it; anything beyond is encoded as usual. */
const MAX_REMEMBERED_LISTS = 1_000;

export class NotApplicableEntries {
    private readonly entries = new Map<string, NotApplicableMessage>();
    private readonly encodedLists = new Map<string, Uint8Array>();

    constructor(
        private readonly policyNotApplicable: new () => NotApplicableMessage,
        private readonly analyzeResponse: new () => ResponseMessage,
    ) {}

    /** server.js `pushNotApplicable`: the entry for a policy and its reason, if it has one. */
    entry(policyName: string, reason: string | undefined): { message: NotApplicableMessage; key: string } {
        const key = `${policyName}\u0000${reason ?? ""}`;
        let message = this.entries.get(key);
        if (message === undefined) {
            message = new this.policyNotApplicable();
            message.setPolicyName(policyName);
            if (reason) message.setReason(reason);
            this.entries.set(key, message);
        }
        return { message, key };
    }

    /** Puts the entries on a response that holds only diagnostics, encoding the list once per distinct list. */
    attach(response: ResponseMessage, list: { message: NotApplicableMessage; key: string }[]): void {
        const messages = list.map((entry) => entry.message);
        response.setNotApplicableList(messages);
        const listKey = list.map((entry) => entry.key).join("\u0001");
        let encodedList = this.encodedLists.get(listKey);
        if (encodedList === undefined) {
            if (this.encodedLists.size >= MAX_REMEMBERED_LISTS) return;
            const alone = new this.analyzeResponse();
            alone.setNotApplicableList(messages);
            encodedList = alone.serializeBinary();
            this.encodedLists.set(listKey, encodedList);
        }
        const encoded = encodedList;
        const encode = response.serializeBinary.bind(response);
        // The diagnostics are encoded as usual: with the list set aside, then the list's bytes after them.
        response.serializeBinary = () => {
            response.setNotApplicableList([]);
            try {
                return concatenated(encode(), encoded);
            } finally {
                response.setNotApplicableList(messages);
            }
        };
    }
}

function concatenated(first: Uint8Array, second: Uint8Array): Uint8Array {
    if (first.length === 0) return second.slice();
    const bytes = new Uint8Array(first.length + second.length);
    bytes.set(first, 0);
    bytes.set(second, first.length);
    return bytes;
}
