// End-to-end: every path that handles a secret is driven (API tokens in headers and query strings, an unknown
// token, the SMTP password, webhook secrets configured, created and rotated, an SFTP key's passphrase); then no log
// line, no report or file the daemon wrote and no stored row (but the subscriptions', which sign with them)
// holds any of them.
#define BOOST_TEST_MODULE e2e_secrets
#include <boost/test/unit_test.hpp>

#include "support/TestStore.h"
#include "support/BookedCase.h"
#include "support/Daemon.h"
#include "support/DropFolder.h"
#include "support/SmtpServer.h"
#include "support/SshServer.h"
#include "support/WebhookReceiver.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <algorithm>
#include <cstdlib>

using namespace sohub::test;

namespace {

const std::string smtpPassword = "MARK-SMTP-PASSWORD-91c2";
const std::string configuredSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";  // Standard Webhooks' example
const std::string unknownToken = "MARK-UNKNOWN-TOKEN-5d1e";

// Every file below the folder, but the store's own (checked table by table instead).
void collectFiles(const std::string& folder, std::vector<std::string>& files) {
    for (Poco::DirectoryIterator it(folder), end; it != end; ++it) {
        if (it->isDirectory()) collectFiles(it->path(), files);
        else if (it.name().find("sohub.db") != 0) files.push_back(it->path());
    }
}

// Every row of every table but webhook_subscriptions, as text.
std::string storedRows(const std::string& dataDir) {
    Poco::Data::Session session = openStore(dataDir);
    std::vector<std::string> tables;
    session << (onPostgres() ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                               "AND table_name != 'webhook_subscriptions'"
                             : "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'webhook_subscriptions'"),
        Poco::Data::Keywords::into(tables), Poco::Data::Keywords::now;
    std::string text;
    for (const std::string& table : tables) {
        Poco::Data::RecordSet rows(session, "SELECT * FROM " + table);
        for (bool more = rows.moveFirst(); more; more = rows.moveNext())
            for (std::size_t column = 0; column < rows.columnCount(); ++column)
                if (!rows.value(column).isEmpty()) text += rows.value(column).convert<std::string>() + "\n";
    }
    return text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(no_secret_reaches_a_log_a_report_a_file_or_a_stored_row) {
    SmtpServer smtp;
    SshServer ssh;
    WebhookReceiver receiver;
    const std::string remote = ssh.folder() + "/inbox";
    dropFile(remote, "cases-locked.ndjson", caseLine("locked-1") + "\n");
    ::setenv("SOHUB_SMTP_PASSWORD", smtpPassword.c_str(), 1);  // the environment's way; the drop's is the key's
    Daemon daemon({"email.enabled=true", "email.smtp.port=" + std::to_string(smtp.port()), "email.smtp.username=sohub",
                   "webhooks.subscriptions.acme.url=" + receiver.url("/acme"),
                   "webhooks.subscriptions.acme.secret=" + configuredSecret, "webhooks.allowHttp=true",
                   "webhooks.allowedTargets=127.0.0.1/32", "webhooks.pollMillis=100",
                   "drops.locked.account=acme", "drops.locked.source=" + ssh.url(remote),
                   "drops.locked.sftp.privateKey=" + ssh.lockedPrivateKey(),
                   "drops.locked.sftp.passphrase=" + std::string(SshServer::lockedKeyPassphrase),
                   "drops.locked.sftp.knownHosts=" + ssh.knownHosts(), "drops.locked.schedule=every 1s",
                   "drops.locked.stableSeconds=1", "logging.loggers.root.level=debug"});
    ::unsetenv("SOHUB_SMTP_PASSWORD");
    const HttpClient& http = daemon.http();
    std::vector<std::string> secrets = {smtpPassword, configuredSecret, unknownToken, SshServer::lockedKeyPassphrase};
    for (const std::string& token : {acme, globex, infocare, nordic, servicedesk, admin}) secrets.push_back(token);

    // Tokens in the header and in the query string, on answers of every kind (200, 400, 401, 403, 404, 405).
    const BookedCase booked = bookCase(http, acme);
    for (const std::string& token : {acme, infocare, admin, unknownToken}) {
        (void)http.get("/api/v3/case?guid=" + booked.guid, token);
        (void)http.get("/api/v3/case?guid=" + booked.guid + "&accessToken=" + token, "");
        (void)http.get("/api/v3/case?guid=nope&accessToken=" + token, "");
        (void)http.get("/api/v3/nowhere?accessToken=" + token, "");
        (void)http.request("DELETE", "/api/v3/case?accessToken=" + token);
        (void)http.post("/api/v3/case/validate?accessToken=" + token, "", std::string("{"));
        (void)http.get("/api/v3/jobs?accessToken=" + token, "");
    }
    BOOST_TEST(http.get("/api/v3/manufacturers?accessToken=" + unknownToken, "").status == 401);

    // The SMTP password: the completed email logs in with it.
    const HttpResult mailed = http.post("/api/v3/case/send-completed-email", acme,
                                        R"({"guid":")" + booked.guid + R"(","email":"someone@example.com"})");
    BOOST_TEST_REQUIRE(mailed.status == 200, mailed.body);
    BOOST_TEST_REQUIRE(smtp.waitFor(1), mailed.body);
    BOOST_TEST_REQUIRE(smtp.logins().size() == 1u);
    BOOST_TEST(smtp.logins()[0].second == smtpPassword);

    // Webhook secrets: the configured one signs acme's deliveries; one created through the API, then rotated.
    const HttpResult created = http.post("/api/v3/webhooks/create", globex,
                                         R"({"url":")" + receiver.url("/globex") + R"(","events":["newMessage"]})");
    BOOST_TEST_REQUIRE(created.status == 200, created.body);
    const auto subscription = created.object()->getObject("data");
    secrets.push_back(subscription->getValue<std::string>("secret"));
    const std::string guid = subscription->getValue<std::string>("guid");
    const HttpResult rotated = http.post("/api/v3/webhooks/rotate-secret", globex, R"({"guid":")" + guid + R"("})");
    BOOST_TEST_REQUIRE(rotated.status == 200, rotated.body);
    secrets.push_back(rotated.object()->getObject("data")->getValue<std::string>("secret"));
    const BookedCase globexCase = bookCase(http, globex, globexEdits());
    BOOST_TEST(http.post("/api/v3/case-messages/create", infocare,
                         R"({"guid":")" + booked.guid + R"(","content":"to acme","type":"statusRequest"})")
                   .status == 200);
    BOOST_TEST(http.post("/api/v3/case-messages/create", nordic,
                         R"({"guid":")" + globexCase.guid + R"(","content":"to globex","type":"statusRequest"})")
                   .status == 200);
    BOOST_TEST_REQUIRE(eventually(
        [&] {
            bool acmeSigned = false, globexSigned = false;
            for (const ReceivedWebhook& hook : receiver.received()) {
                acmeSigned = acmeSigned || (hook.path == "/acme" && !hook.header("webhook-signature").empty());
                globexSigned = globexSigned || (hook.path == "/globex" && !hook.header("webhook-signature").empty());
            }
            return acmeSigned && globexSigned;
        },
        15));

    // The SFTP key's passphrase: the drop's locked key opens the session, and the file is imported.
    const auto report = waitForReport(remote, "cases-locked.ndjson", 30);
    BOOST_TEST(report->getValue<std::string>("status") == "done");

    // Now nothing the daemon wrote holds any of them. It is stopped first: its jobs write and remove working files
    // (exports' staging, drop polls), which could vanish between listing the folders and reading them.
    BOOST_TEST(daemon.stop() == 0);
    const std::string log = daemon.log();
    BOOST_TEST_REQUIRE(log.find("sohubd started") != std::string::npos);
    std::vector<std::string> files;
    collectFiles(daemon.dataDir(), files);
    collectFiles(remote, files);
    const std::string rows = storedRows(daemon.dataDir());
    BOOST_TEST_REQUIRE(rows.find(booked.guid) != std::string::npos);  // the dump reads the store
    for (const std::string& secret : secrets) {
        BOOST_TEST(log.find(secret) == std::string::npos, "the log holds " << secret);
        BOOST_TEST(rows.find(secret) == std::string::npos, "a stored row holds " << secret);
        for (const std::string& file : files)
            BOOST_TEST(readFile(file).find(secret) == std::string::npos, file << " holds " << secret);
    }
    // The drop's report was among the files searched.
    BOOST_TEST(std::any_of(files.begin(), files.end(), [](const std::string& file) {
        return file.size() > 12 && file.compare(file.size() - 12, 12, ".report.json") == 0;
    }));
}
