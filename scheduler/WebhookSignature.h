// Standard Webhooks signing: whsec_ secrets and the v1 signature of "id.timestamp.body".
#pragma once

#include <string>
#include <vector>

namespace sohub {

class WebhookSecret {
public:
    // A new secret: "whsec_" and the base64 of 32 random bytes.
    static std::string generate();
    // "whsec_<base64>" (or the bare base64): throws Poco::InvalidArgumentException when it is not one.
    static WebhookSecret parse(const std::string& text);

    // "v1,<base64 of HMAC-SHA256(key, id.timestamp.body)>".
    std::string sign(const std::string& id, const std::string& timestamp, const std::string& body) const;

private:
    explicit WebhookSecret(std::string key) : key_(std::move(key)) {}
    std::string key_;  // the decoded bytes
};

// The webhook-signature header: one v1 signature per secret, space-separated (a rotated secret signs beside the new
// one during its grace period, as the specification allows).
std::string signatureHeader(const std::vector<WebhookSecret>& secrets, const std::string& id,
                            const std::string& timestamp, const std::string& body);

}  // namespace sohub
