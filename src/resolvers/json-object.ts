/** `JSONObject`: a JSON object, passed through as it is. Only output uses it; input must be an object too. */
import { GraphQLError, GraphQLScalarType, Kind, type ObjectValueNode, type ValueNode } from 'graphql';

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function literal(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.OBJECT:
      return objectLiteral(ast);
    case Kind.LIST:
      return ast.values.map(literal);
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    default:
      throw invalid('JSONObject literals may not hold variables');
  }
}

function objectLiteral(ast: ObjectValueNode): Record<string, unknown> {
  return Object.fromEntries(ast.fields.map((field) => [field.name.value, literal(field.value)]));
}

export const JSONObjectScalar = new GraphQLScalarType<object, object>({
  name: 'JSONObject',
  description: 'A JSON object.',
  serialize: (value) => {
    if (!isObject(value)) throw new GraphQLError('JSONObject cannot represent a non-object value');
    return value;
  },
  parseValue: (value) => {
    if (!isObject(value)) throw invalid('JSONObject must be an object');
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.OBJECT) throw invalid('JSONObject must be an object');
    return objectLiteral(ast);
  },
});
