import { AwsJson1_1Protocol } from "@aws-sdk/core/protocols";
import { NormalizedSchema } from "@smithy/core/schema";
import type { HandlerExecutionContext, HttpResponse, MetadataBearer, OperationSchema, SerdeFunctions } from "@smithy/types";

/** How a member's parsed JSON becomes the SDK's output: `undefined` when it is taken as parsed. */
type MemberReader = ((value: unknown) => unknown) | undefined;
type ReadPlan = ReadonlyArray<readonly [name: string, read: MemberReader]>;
/** What the SDK's JSON reader has besides its `read` of a whole body: the reading of one parsed value. */
type ValueReader = { readObject?: (schema: NormalizedSchema, value: unknown) => unknown };

/**
 * Secrets Manager's JSON protocol with a shorter way through a successful
 * answer; everything else is the SDK's.
 *
 * The SDK reads every answer by walking the output's schema member by member,
 * asking each member what it is (a dozen calls each) before it copies the
 * value. A run on the GetSecretValue path does that once per secret, in the
 * interpreter: about a fifth of each request's CPU time (docs/benchmarks.md).
 * Here the walk is done once per operation: a plan that takes string members
 * (and lists of strings) as parsed, which is what the SDK's reader does with
 * them whatever the value, and hands every other member (blobs, timestamps,
 * structures) to the SDK's own reader. The output is the SDK's, field for
 * field (tests/unit/aws/sdk/protocol.test.ts compares the two).
 *
 * Errors, empty bodies, bodies that are not a JSON object, answers naming a
 * `__type`, and operations whose output holds unions, event streams, big
 * numbers or documents all take the SDK's own path, unchanged.
 */
export class SecretsManagerProtocol extends AwsJson1_1Protocol {
  readonly #plans = new Map<unknown, ReadPlan | null>();

  override async deserializeResponse<Output extends MetadataBearer>(operationSchema: OperationSchema, context: HandlerExecutionContext & SerdeFunctions, response: HttpResponse): Promise<Output> {
    const plan = response.statusCode < 300 ? this.#planFor(operationSchema.output) : null;
    const record = plan ? parsedObject(response.body) : undefined;
    if (!plan || !record) return super.deserializeResponse(operationSchema, context, response);
    const output: Record<string, unknown> = {};
    for (const [name, read] of plan) {
      const value = record[name];
      if (value != null) output[name] = read ? read(value) : value;
    }
    // Our handler gives header names in lower case already (fetch's Headers do),
    // which is what the SDK's path would have made them before reading these.
    output.$metadata = this.deserializeMetadata(response);
    return output as unknown as Output;
  }

  #planFor(output: OperationSchema["output"]): ReadPlan | null {
    let plan = this.#plans.get(output);
    if (plan === undefined) {
      // Should a later SDK's reader lose readObject, every answer takes the SDK's path.
      const reader = this.deserializer as ValueReader;
      plan = reader.readObject ? readPlan(NormalizedSchema.of(output), reader.readObject.bind(reader)) : null;
      this.#plans.set(output, plan);
    }
    return plan;
  }
}

/** The plan for a structure's members, or null when the SDK's own path must read it. */
function readPlan(struct: NormalizedSchema, sdkRead: (member: NormalizedSchema, value: unknown) => unknown): ReadPlan | null {
  if (!struct.isStructSchema() || struct.isUnionSchema() || struct.getEventStreamMember() !== "") return null;
  const plan: Array<readonly [string, MemberReader]> = [];
  for (const [name, member] of struct.structIterator()) {
    if (member.isBigIntegerSchema() || member.isBigDecimalSchema() || member.isDocumentSchema()) return null;
    const takenAsParsed = isPlainString(member) || (member.isListSchema() && isPlainString(member.getValueSchema()));
    plan.push([name, takenAsParsed ? undefined : (value) => sdkRead(member, value)]);
  }
  return plan;
}

/** A string the SDK's reader returns as it is: no media type (which would make it a LazyJsonString). */
function isPlainString(schema: NormalizedSchema): boolean {
  return schema.isStringSchema() && !schema.getMergedTraits().mediaType;
}

/**
 * The body as a JSON object, decoded as the SDK decodes it (a Buffer's UTF-8,
 * invalid bytes replaced); undefined for anything the SDK's path should see.
 */
function parsedObject(body: unknown): Record<string, unknown> | undefined {
  if (!(body instanceof Uint8Array) || body.byteLength === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  return typeof record.__type === "string" ? undefined : record;
}
