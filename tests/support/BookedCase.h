// Books cases through POST /api/v3/case/create for suites that need real cases (acme's at provider 1,
// globex's at provider 2).
#pragma once

#include "support/BookingExample.h"
#include "support/Daemon.h"
#include "support/HttpClient.h"

#include <Poco/Path.h>

#include <Poco/Types.h>

#include <stdexcept>
#include <string>

namespace sohub::test {

struct BookedCase {
    Poco::Int64 id = 0;
    std::string guid;
};

// The Booking document's example with the edits, booked by the token's partner; id read back through GET /case.
inline BookedCase bookCase(const HttpClient& http, const std::string& token, const std::vector<Edit>& edits = {}) {
    const HttpResult created = http.post("/api/v3/case/create", token, text(example(edits)));
    if (created.status != 200) throw std::runtime_error("case/create failed: " + created.body);
    BookedCase booked;
    booked.guid = created.object()->getValue<std::string>("guid");
    const HttpResult read = http.get("/api/v3/case?guid=" + booked.guid, token);
    if (read.status != 200) throw std::runtime_error("GET /case failed: " + read.body);
    booked.id = read.object()->getObject("data")->getValue<Poco::Int64>("id");
    return booked;
}

// Routed to provider 2 (nordic-service) by the competences of samples/seed.json; globex's integration requires
// shipping, hence pickup date, weight and goods type.
inline std::vector<Edit> globexEdits() {
    return {set("manufacturer", "1014"), set("clientPostalCode", R"("2500")"),
            set("orderData.pickupDate", R"("2030-01-10T08:00:00Z")"), set("productData.weight", "3.2"),
            set("orderData.goodsType", R"("parcel")")};
}

// A fixture: a daemon with one case of each partner, acme's at infocare (provider 1), globex's at nordic-service
// (provider 2); its store for checks behind the API is openStore(daemon.dataDir()).
struct TwoPartyHub {
    explicit TwoPartyHub(const std::vector<std::string>& defines = {}) : daemon(defines) {}
    Daemon daemon;
    BookedCase acmeCase = bookCase(daemon.http(), acme);
    BookedCase globexCase = bookCase(daemon.http(), globex, globexEdits());
};

}  // namespace sohub::test
