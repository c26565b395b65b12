// GET /status: the admins' page (latest imports, export batches, deliveries with replay, jobs with run-now, the
// main figures), signed in with the admin token through a form and kept by a session cookie.
#pragma once

#include "api/RouteTable.h"
#include "domain/Reference.h"
#include "importers/ImportStore.h"

#include <Poco/Timestamp.h>

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace sohub {

class ImportBoard;
class ExportDesk;
class DeliveryDesk;
class JobBoard;
class ReferenceCatalog;
class Clock;

// Signed-in admins, in memory (a restart signs everyone out): a random session id for the HttpOnly,
// SameSite=Strict cookie, its expiry, and the token its forms carry against cross-site requests.
class StatusSessions {
public:
    struct Session {
        int accountId = 0;
        Poco::Timestamp expires;
        std::string formToken;
    };
    StatusSessions(const Clock& clock, int minutes);
    // The new session's id.
    std::string open(int accountId);
    std::optional<Session> find(const std::string& id);
    void close(const std::string& id);
    int minutes() const { return minutes_; }

private:
    const Clock& clock_;
    const int minutes_;
    std::mutex mutex_;
    std::map<std::string, Session> sessions_;
};

class StatusPage {
public:
    StatusPage(const ReferenceCatalog& catalog, const ImportBoard& imports, const ExportDesk& exports,
               const DeliveryDesk& deliveries, const JobBoard& jobs, const Clock& clock, int sessionMinutes);
    void registerIn(RouteTable& table);

private:
    Reply page(const Call& call);
    Reply signIn(const Call& call);
    Reply signOut(const Call& call);
    Reply replay(const Call& call);
    Reply runJob(const Call& call);
    Reply report(const Call& call);
    Reply rejected(const Call& call);
    // The import of ?id= for the signed-in admin; none when no admin is signed in.
    std::optional<ImportRow> signedInImport(const Call& call);

    // The signed-in admin of this request, or null. `form`: a state-changing request, whose form must carry the
    // session's token and whose Origin (when sent) must be this host.
    // `formToken`, when given, receives the session's form token (the page writes it into its forms).
    const Account* admin(const Call& call, bool form, const std::map<std::string, std::string>* fields,
                         std::string* formToken = nullptr);
    std::string render(const Account& admin, const std::string& formToken, const std::string& notice);
    // Requests per second since the last time the page was drawn.
    std::string requestRate(double totalRequests);

    const ReferenceCatalog& catalog_;
    const ImportBoard& imports_;
    const ExportDesk& exports_;
    const DeliveryDesk& deliveries_;
    const JobBoard& jobs_;
    const Clock& clock_;
    StatusSessions sessions_;
    std::mutex rateMutex_;
    std::optional<std::pair<Poco::Timestamp, double>> lastCount_;
};

}  // namespace sohub
