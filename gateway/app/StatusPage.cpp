// Server-rendered HTML and a little CSS; every figure and list comes from the same boards and desks as the API.
#include "app/StatusPage.h"

#include "api/ResponseWriter.h"

#include "domain/Clock.h"
#include "domain/HubError.h"
#include "domain/NumberText.h"
#include "exporters/ExportDesk.h"
#include "importers/ImportBoard.h"
#include "operations/Metrics.h"
#include "scheduler/DeliveryDesk.h"
#include "scheduler/JobBoard.h"
#include "scheduler/JobSpec.h"
#include "store/Migrations.h"
#include "store/ReferenceRepository.h"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberParser.h>
#include <Poco/RandomStream.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>

#include <sstream>

namespace sohub {
namespace {

const char* const cookieName = "sohub_session";

std::string randomHex(std::size_t bytes) {
    Poco::RandomInputStream random;  // the system's random source
    std::string raw(bytes, '\0');
    random.read(raw.data(), static_cast<std::streamsize>(bytes));
    return Poco::DigestEngine::digestToHex(Poco::DigestEngine::Digest(raw.begin(), raw.end()));
}

// application/x-www-form-urlencoded, as the page's forms send it.
std::map<std::string, std::string> formFields(const std::string& body) {
    std::map<std::string, std::string> fields;
    const Poco::StringTokenizer pairs(body, "&", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const std::string& pair : pairs) {
        const std::size_t eq = pair.find('=');
        std::string name = pair.substr(0, eq), value = eq == std::string::npos ? "" : pair.substr(eq + 1);
        for (std::string* part : {&name, &value}) {
            for (char& c : *part) if (c == '+') c = ' ';
            std::string decoded;
            Poco::URI::decode(*part, decoded);
            *part = decoded;
        }
        fields[name] = value;
    }
    return fields;
}

bool sameText(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

// A figure of the /metrics exposition: the sum of the samples of `name` (all label sets).
double figure(const std::string& exposition, const std::string& name) {
    double sum = 0;
    std::istringstream lines(exposition);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.compare(0, name.size(), name) != 0 || line.size() <= name.size()) continue;
        const char next = line[name.size()];
        if (next != '{' && next != ' ') continue;
        double value = 0;
        if (Poco::NumberParser::tryParseFloat(line.substr(line.rfind(' ') + 1), value)) sum += value;
    }
    return sum;
}

const char* const style =
    "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d2329;background:#f7f8fa}"
    "h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}"
    "table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d8dde3;padding:.3rem .5rem;"
    "text-align:left;font-size:.9rem}th{background:#eef1f4}.figures{display:flex;gap:1rem}"
    ".figure{background:#fff;border:1px solid #d8dde3;padding:.6rem 1rem}.figure b{display:block;font-size:1.3rem}"
    ".failed{color:#b00020}.notice{background:#fff6d6;border:1px solid #e8c95a;padding:.5rem}"
    "form.inline{display:inline}button{cursor:pointer}";

std::string html(const std::string& title, const std::string& body, bool refresh) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + htmlEscape(title) + "</title>" +
           (refresh ? "<meta http-equiv=\"refresh\" content=\"10\">" : "") + "<style>" + style + "</style></head><body>" +
           body + "</body></html>";
}

Reply htmlReply(int status, const std::string& text) {
    Reply reply = Reply::text(status, "text/html; charset=utf-8", text);
    // The page holds what only admins may see: never cached, never framed.
    reply.headers.emplace_back("Cache-Control", "no-store");
    reply.headers.emplace_back("X-Frame-Options", "DENY");
    reply.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
    return reply;
}

Reply signInForm(int status, const std::string& problem) {
    return htmlReply(status, html("sohub status: sign in",
                                  "<h1>sohub status</h1>" +
                                      (problem.empty() ? std::string() : "<p class=\"notice\">" + htmlEscape(problem) + "</p>") +
                                      "<form method=\"post\" action=\"/status/sign-in\"><label>Admin token "
                                      "<input type=\"password\" name=\"token\" autocomplete=\"off\" required></label> "
                                      "<button type=\"submit\">Sign in</button></form>",
                                  false));
}

Reply redirect(const std::string& to) {
    Reply reply = Reply::text(303, "text/plain; charset=utf-8", "See " + to + "\n");
    reply.headers.emplace_back("Location", to);
    return reply;
}

std::string optionalText(const std::optional<std::string>& value) { return value ? *value : "-"; }

std::string timeText(const std::optional<Poco::Timestamp>& value) { return value ? isoDate(*value) : "-"; }

}  // namespace

StatusSessions::StatusSessions(const Clock& clock, int minutes) : clock_(clock), minutes_(minutes) {}

std::string StatusSessions::open(int accountId) {
    const std::string id = randomHex(32);
    const std::lock_guard<std::mutex> lock(mutex_);
    const Poco::Timestamp now = clock_.now();
    for (auto it = sessions_.begin(); it != sessions_.end();) it = it->second.expires < now ? sessions_.erase(it) : std::next(it);
    sessions_[id] = Session{accountId, now + Poco::Timespan(minutes_ * 60, 0), randomHex(16)};
    return id;
}

std::optional<StatusSessions::Session> StatusSessions::find(const std::string& id) {
    if (id.empty()) return std::nullopt;
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = sessions_.find(id);
    if (it == sessions_.end()) return std::nullopt;
    if (it->second.expires < clock_.now()) {
        sessions_.erase(it);
        return std::nullopt;
    }
    return it->second;
}

void StatusSessions::close(const std::string& id) {
    const std::lock_guard<std::mutex> lock(mutex_);
    sessions_.erase(id);
}

StatusPage::StatusPage(const ReferenceCatalog& catalog, const ImportBoard& imports, const ExportDesk& exports,
                       const DeliveryDesk& deliveries, const JobBoard& jobs, const Clock& clock, int sessionMinutes)
    : catalog_(catalog), imports_(imports), exports_(exports), deliveries_(deliveries), jobs_(jobs), clock_(clock),
      sessions_(clock, sessionMinutes) {}

void StatusPage::registerIn(RouteTable& table) {
    // Public routes: the session cookie, not a token header, says who calls (a browser sends no header of ours).
    table.add({"GET", "/status", {}, [this](const Call& call) { return page(call); }});
    table.add({"POST", "/status/sign-in", {}, [this](const Call& call) { return signIn(call); }});
    table.add({"POST", "/status/sign-out", {}, [this](const Call& call) { return signOut(call); }});
    table.add({"POST", "/status/deliveries/replay", {}, [this](const Call& call) { return replay(call); }});
    table.add({"POST", "/status/jobs/run", {}, [this](const Call& call) { return runJob(call); }});
    table.add({"GET", "/status/imports/report", {}, [this](const Call& call) { return report(call); }});
    table.add({"GET", "/status/imports/rejected", {}, [this](const Call& call) { return rejected(call); }});
}

const Account* StatusPage::admin(const Call& call, bool form, const std::map<std::string, std::string>* fields,
                                 std::string* formToken) {
    const std::optional<StatusSessions::Session> session = sessions_.find(call.cookie(cookieName));
    if (!session) return nullptr;
    if (formToken) *formToken = session->formToken;
    if (form) {
        // SameSite=Strict keeps the cookie off other sites' requests; the form token and Origin check hold even
        // for a browser that ignores it.
        const auto token = fields->find("formToken");
        if (token == fields->end() || !sameText(token->second, session->formToken)) throw ApiError(403, "No access");
        const std::string origin = call.header("Origin");
        if (!origin.empty() && origin != "null" && Poco::URI(origin).getAuthority() != call.header("Host"))
            throw ApiError(403, "No access");
    }
    const Account* account = call.reference->account(session->accountId);
    return account && account->role == Role::Admin ? account : nullptr;
}

Reply StatusPage::signIn(const Call& call) {
    call.query.allowNone();
    const auto fields = formFields(call.body);
    const auto token = fields.find("token");
    const Account* account =
        token == fields.end() || token->second.empty() ? nullptr : call.reference->accountByTokenHash(hashToken(token->second));
    if (!account || account->role != Role::Admin) return signInForm(401, "That is not an admin token.");
    Reply reply = redirect("/status");
    reply.headers.emplace_back("Set-Cookie", std::string(cookieName) + "=" + sessions_.open(account->id) +
                                                 "; Path=/status; Max-Age=" + std::to_string(sessions_.minutes() * 60) +
                                                 "; HttpOnly; SameSite=Strict");
    return reply;
}

Reply StatusPage::signOut(const Call& call) {
    const auto fields = formFields(call.body);
    if (admin(call, true, &fields)) sessions_.close(call.cookie(cookieName));
    Reply reply = redirect("/status");
    reply.headers.emplace_back("Set-Cookie", std::string(cookieName) + "=; Path=/status; Max-Age=0; HttpOnly; SameSite=Strict");
    return reply;
}

Reply StatusPage::page(const Call& call) {
    call.query.allowOnly({"notice"});
    std::string formToken;
    const Account* account = admin(call, false, nullptr, &formToken);
    if (!account) return signInForm(200, "");
    return htmlReply(200, render(*account, formToken, call.query.get("notice").value_or("")));
}

Reply StatusPage::replay(const Call& call) {
    const auto fields = formFields(call.body);
    const Account* account = admin(call, true, &fields);
    if (!account) return signInForm(401, "Sign in again.");
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    Poco::JSON::Array::Ptr guids = new Poco::JSON::Array;
    guids->add(fields.count("guid") ? fields.at("guid") : std::string());
    body->set("guids", guids);
    const Replay done = deliveries_.replay(*account, body);
    return redirect("/status?notice=" + std::string(done.replayed.empty() ? "Not+replayed" : "Replayed+one+delivery"));
}

Reply StatusPage::runJob(const Call& call) {
    const auto fields = formFields(call.body);
    const Account* account = admin(call, true, &fields);
    if (!account) return signInForm(401, "Sign in again.");
    const RunRow run = jobs_.runNow(fields.count("name") ? fields.at("name") : std::string());
    return redirect("/status?notice=Run+" + std::to_string(run.id) + "+queued");
}

Reply StatusPage::report(const Call& call) {
    const std::optional<ImportRow> row = signedInImport(call);
    if (!row) return signInForm(401, "Sign in again.");
    return Reply::text(200, "application/json; charset=utf-8", imports_.report(*row));
}

Reply StatusPage::rejected(const Call& call) {
    const std::optional<ImportRow> row = signedInImport(call);
    if (!row) return signInForm(401, "Sign in again.");
    return Reply::text(200, "text/csv; charset=" + row->charset, imports_.rejectedRows(*row));
}

std::optional<ImportRow> StatusPage::signedInImport(const Call& call) {
    call.query.allowOnly({"id"});
    const Account* account = admin(call, false, nullptr);
    if (!account) return std::nullopt;
    const std::optional<long long> id = integerNumber(call.query.get("id").value_or(""));
    if (!id) throw ApiError(404, "Import not found");
    return imports_.visible(*account, *id);
}

std::string StatusPage::requestRate(double totalRequests) {
    const Poco::Timestamp now = clock_.now();
    const std::lock_guard<std::mutex> lock(rateMutex_);
    std::string rate = "-";
    if (lastCount_ && now > lastCount_->first) {
        const double seconds = static_cast<double>(now - lastCount_->first) / 1000000.0;
        std::ostringstream text;
        text.precision(3);
        text << (totalRequests - lastCount_->second) / seconds;
        rate = text.str();
    }
    lastCount_ = std::make_pair(now, totalRequests);
    return rate;
}

std::string StatusPage::render(const Account& admin, const std::string& formToken, const std::string& notice) {
    const std::string exposition = metrics::registry().expose();
    const std::string hidden = "<input type=\"hidden\" name=\"formToken\" value=\"" + htmlEscape(formToken) + "\">";
    std::ostringstream out;
    out << "<h1>sohub status</h1><form class=\"inline\" method=\"post\" action=\"/status/sign-out\">" << hidden
        << "<button type=\"submit\">Sign out</button></form> <small>signed in as " << htmlEscape(admin.name)
        << "; <span id=\"release\">sohubd " << SOHUB_VERSION << ", store schema version " << knownSchemaVersion()
        << "</span>; refreshes every 10 s</small>";
    if (!notice.empty()) out << "<p class=\"notice\" id=\"notice\">" << htmlEscape(notice) << "</p>";

    out << "<h2>Figures</h2><div class=\"figures\">"
        << "<div class=\"figure\" id=\"request-rate\"><b>" << requestRate(figure(exposition, "sohub_http_requests_total"))
        << "</b>requests/s since the last refresh</div>"
        << "<div class=\"figure\" id=\"pending\"><b>" << figure(exposition, "sohub_deliveries_pending")
        << "</b>deliveries pending</div>"
        << "<div class=\"figure\" id=\"oldest\"><b>"
        << static_cast<long long>(figure(exposition, "sohub_delivery_oldest_pending_age_seconds"))
        << " s</b>oldest pending</div></div>";

    ImportQuery importQuery;
    importQuery.limit = 10;
    out << "<h2>Latest imports</h2><table id=\"imports\"><tr><th>id</th><th>file</th><th>kind</th><th>status</th>"
           "<th>records</th><th>created</th><th>rejected</th><th>duplicates</th><th>queued</th><th></th></tr>";
    for (const ImportRow& row : imports_.list(admin, importQuery).imports) {
        const std::string id = std::to_string(row.id);
        out << "<tr><td>" << id << "</td><td>" << htmlEscape(row.fileName) << "</td><td>" << htmlEscape(row.kind) << "</td><td class=\""
            << (row.status == "failed" ? "failed" : "") << "\">" << htmlEscape(row.status) << "</td><td>" << row.records
            << "</td><td>" << row.created << "</td><td>" << row.rejected << "</td><td>" << row.duplicates << "</td><td>"
            << htmlEscape(isoDate(row.createdAt)) << "</td><td><a href=\"/status/imports/report?id=" << id << "\">report</a>";
        if (row.format == "csv" && row.rejected > 0)
            out << " <a href=\"/status/imports/rejected?id=" << id << "\">rejected rows</a>";
        out << "</td></tr>";
    }
    out << "</table>";

    BatchQuery batchQuery;
    batchQuery.limit = 10;
    out << "<h2>Export batches</h2><table id=\"exports\"><tr><th>id</th><th>export</th><th>file</th><th>messages</th>"
           "<th>state</th><th>written</th><th>acknowledged</th></tr>";
    for (const ExportBatch& batch : exports_.list(admin, batchQuery).batches)
        out << "<tr><td>" << batch.id << "</td><td>" << htmlEscape(batch.exportName) << "</td><td>" << htmlEscape(batch.fileName)
            << "</td><td>" << batch.records << "</td><td>" << htmlEscape(batch.state) << "</td><td>" << isoDate(batch.createdAt)
            << "</td><td>" << timeText(batch.acknowledgedAt) << "</td></tr>";
    out << "</table>";

    out << "<h2>Deliveries</h2><p id=\"delivery-states\">";
    for (const char* state : {"pending", "delivering", "delivered", "failed"}) {
        DeliveryQuery query;
        query.state = state;
        query.limit = 1;
        out << state << ": <b>" << deliveries_.list(admin, query).total << "</b> ";
    }
    out << "</p><table id=\"deliveries\"><tr><th>guid</th><th>event</th><th>state</th><th>attempts</th><th>last</th>"
           "<th>next attempt</th><th>url</th><th></th></tr>";
    DeliveryQuery recent;
    recent.limit = 20;
    for (const DeliveryView& delivery : deliveries_.list(admin, recent).deliveries) {
        out << "<tr data-guid=\"" << htmlEscape(delivery.guid) << "\"><td>" << htmlEscape(delivery.guid) << "</td><td>"
            << htmlEscape(delivery.event) << "</td><td class=\"state " << (delivery.state == "failed" ? "failed" : "") << "\">"
            << htmlEscape(delivery.state) << "</td><td>" << delivery.attemptCount << "</td><td>"
            << htmlEscape(delivery.lastStatus ? std::to_string(*delivery.lastStatus) : optionalText(delivery.lastError))
            << "</td><td>" << htmlEscape(optionalText(delivery.nextAttemptAt)) << "</td><td>" << htmlEscape(delivery.url) << "</td><td>";
        if (delivery.state == "failed")
            out << "<form class=\"inline\" method=\"post\" action=\"/status/deliveries/replay\">" << hidden
                << "<input type=\"hidden\" name=\"guid\" value=\"" << htmlEscape(delivery.guid)
                << "\"><button type=\"submit\" class=\"replay\">Replay</button></form>";
        out << "</td></tr>";
    }
    out << "</table>";

    out << "<h2>Jobs</h2><table id=\"jobs\"><tr><th>job</th><th>kind</th><th>schedule</th><th>next due</th>"
           "<th>last outcome</th><th>last finished</th><th></th></tr>";
    for (const JobView& job : jobs_.list()) {
        out << "<tr><td>" << htmlEscape(job.spec->name) << "</td><td>" << htmlEscape(job.spec->kind) << "</td><td>"
            << htmlEscape(job.spec->schedule->text()) << "</td><td>"
            << (job.spec->enabled && job.row ? isoDate(job.row->nextDueAt) : std::string("-")) << "</td><td class=\""
            << (job.lastRun && job.lastRun->outcome && *job.lastRun->outcome != "succeeded" ? "failed" : "") << "\">"
            << htmlEscape(job.lastRun ? optionalText(job.lastRun->outcome) : "-") << "</td><td>"
            << timeText(job.lastRun ? job.lastRun->finishedAt : std::nullopt) << "</td><td>";
        if (job.spec->enabled)
            out << "<form class=\"inline\" method=\"post\" action=\"/status/jobs/run\">" << hidden
                << "<input type=\"hidden\" name=\"name\" value=\"" << htmlEscape(job.spec->name)
                << "\"><button type=\"submit\">Run now</button></form>";
        out << "</td></tr>";
    }
    out << "</table>";
    return html("sohub status", out.str(), true);
}

}  // namespace sohub
