// Verifies one webhook with the standardwebhooks package: node verify.js SECRET ID TIMESTAMP SIGNATURE BODYFILE.
const fs = require("fs");
const { Webhook } = require("standardwebhooks");
const [secret, id, timestamp, signature, bodyFile] = process.argv.slice(2);
const body = fs.readFileSync(bodyFile, "utf8");
try {
  new Webhook(secret).verify(body, { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature });
  console.log("verified");
} catch (error) {
  console.log("refused: " + error.message);
  process.exit(1);
}
