// Validates an OpenAPI document (a file, or GET of a URL) with @apidevtools/swagger-parser: the OpenAPI 3.1 schema
// and every $ref resolved. Prints the operations counted; exits 1 with the problem otherwise.
const SwaggerParser = require("@apidevtools/swagger-parser");

async function main() {
  const where = process.argv[2];
  const document = where.startsWith("http") ? await (await fetch(where)).json() : where;
  const api = await SwaggerParser.validate(document);
  let operations = 0;
  for (const item of Object.values(api.paths)) operations += Object.keys(item).filter((k) => k !== "parameters").length;
  console.log(`valid OpenAPI ${api.openapi}: ${Object.keys(api.paths).length} paths, ${operations} operations`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
