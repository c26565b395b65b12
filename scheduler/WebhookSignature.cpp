// HMAC-SHA256 through Poco's HMACEngine over OpenSSL's digest; base64 through Poco's codec.
#include "scheduler/WebhookSignature.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Crypto/DigestEngine.h>
#include <Poco/Exception.h>
#include <Poco/HMACEngine.h>
#include <Poco/RandomStream.h>
#include <Poco/String.h>

#include <sstream>

namespace sohub {
namespace {

// HMACEngine needs the block and digest sizes as constants of the engine.
class Sha256 : public Poco::Crypto::DigestEngine {
public:
    enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
    Sha256() : Poco::Crypto::DigestEngine("SHA256") {}
};

std::string base64(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

const char* const prefix = "whsec_";

}  // namespace

std::string WebhookSecret::generate() {
    std::string key(32, '\0');
    Poco::RandomInputStream random;
    random.read(&key[0], static_cast<std::streamsize>(key.size()));
    return prefix + base64(key);
}

WebhookSecret WebhookSecret::parse(const std::string& raw) {
    std::string text = Poco::trim(raw);
    if (text.rfind(prefix, 0) == 0) text.erase(0, 6);
    std::string key;
    try {
        std::istringstream in(text);
        Poco::Base64Decoder decoder(in);
        std::ostringstream bytes;
        bytes << decoder.rdbuf();
        key = bytes.str();
    } catch (const Poco::Exception&) {
        key.clear();
    }
    if (text.empty() || key.size() < 16 || text.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != std::string::npos)
        throw Poco::InvalidArgumentException("not a webhook secret (whsec_ and the base64 of at least 16 bytes)");
    return WebhookSecret(std::move(key));
}

std::string WebhookSecret::sign(const std::string& id, const std::string& timestamp, const std::string& body) const {
    Poco::HMACEngine<Sha256> hmac(key_);
    hmac.update(id);
    hmac.update('.');
    hmac.update(timestamp);
    hmac.update('.');
    hmac.update(body);
    const Poco::DigestEngine::Digest& digest = hmac.digest();
    return "v1," + base64(std::string(digest.begin(), digest.end()));
}

std::string signatureHeader(const std::vector<WebhookSecret>& secrets, const std::string& id,
                            const std::string& timestamp, const std::string& body) {
    std::string header;
    for (const WebhookSecret& secret : secrets) {
        if (!header.empty()) header += ' ';
        header += secret.sign(id, timestamp, body);
    }
    return header;
}

}  // namespace sohub
