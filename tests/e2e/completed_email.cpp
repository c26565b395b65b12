// End-to-end: POST /api/v3/case/send-completed-email against a loopback SMTP server, and with emails disabled.
#define BOOST_TEST_MODULE e2e_completed_email
#include <boost/test/unit_test.hpp>

#include "support/TestStore.h"
#include "support/BookedCase.h"
#include "support/CaseSeeder.h"
#include "support/Daemon.h"
#include "support/SmtpServer.h"
#include "support/ScratchFolder.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/Process.h>

using namespace sohub::test;

namespace {

std::vector<std::string> mailSettings(int port) {
    return {"email.enabled=true", "email.smtp.host=127.0.0.1", "email.smtp.port=" + std::to_string(port),
            "email.from=hub@sohub.example", "email.subject=Repair {{caseGuid}} done",
            "email.template=" + std::string(SOHUB_SOURCE_DIR) + "/samples/completed-email.txt"};
}

struct Mailing {
    SmtpServer smtp;
    Daemon daemon{mailSettings(smtp.port())};
    BookedCase acmeCase = bookCase(daemon.http(), acme);  // consumer John Doe, test@test.com
    BookedCase globexCase = bookCase(daemon.http(), globex, globexEdits());

    HttpResult send(const std::string& token, const std::string& body) const {
        return daemon.http().post("/api/v3/case/send-completed-email", token, body);
    }
    Poco::Dynamic::Var result(const HttpResult& r) const {
        BOOST_TEST_REQUIRE(r.status == 200, r.body);
        return r.object()->getObject("data")->get("result");
    }
};

// A self-signed certificate for 127.0.0.1, made by the openssl command for this test and removed after it.
struct Certificate {
    ScratchFolder folder;
    std::string certificateFile = Poco::Path(folder.path(), "smtp.crt").toString();
    std::string keyFile = Poco::Path(folder.path(), "smtp.key").toString();

    Certificate() {
        const std::vector<std::string> args = {"req", "-x509", "-newkey", "ec", "-pkeyopt",
                                               "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                                               "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                                               "-keyout", keyFile, "-out", certificateFile};
        Poco::Pipe quiet;
        Poco::ProcessHandle openssl = Poco::Process::launch("openssl", args, nullptr, &quiet, &quiet);
        quiet.close(Poco::Pipe::CLOSE_READ);
        BOOST_TEST_REQUIRE(openssl.wait() == 0);
    }
    SmtpTls tls() const { return {certificateFile, keyFile}; }
};

std::string errorOf(const HttpResult& r) { return r.object()->getObject("error")->getValue<std::string>("message"); }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(enabled, Mailing)

BOOST_AUTO_TEST_CASE(mail_goes_to_the_given_address_with_subject_and_body) {
    const HttpResult r = send(acme, R"({"guid":")" + acmeCase.guid + R"(","email":"test@example.com"})");
    BOOST_TEST(r.body == R"({"data":{"result":true}})");
    BOOST_TEST_REQUIRE(smtp.waitFor(1));
    const ReceivedMail mail = smtp.mails().front();
    BOOST_TEST(mail.from == "hub@sohub.example");
    BOOST_TEST(mail.recipients == std::vector<std::string>{"test@example.com"});
    BOOST_TEST(mail.data.find("Subject: Repair " + acmeCase.guid + " done") != std::string::npos, mail.data);
    BOOST_TEST(mail.data.find("Hello John Doe,") != std::string::npos, mail.data);
    BOOST_TEST(mail.data.find("Your service order is " + acmeCase.guid + ".") != std::string::npos);
    BOOST_TEST(mail.data.find("{{") == std::string::npos);

    // The attempt is an external request of the case.
    const HttpResult logged = daemon.http().post("/api/v3/requests/find", acme, std::string(R"({"type":"completedEmail"})"));
    const auto data = logged.object()->getArray("data");
    BOOST_TEST_REQUIRE(data->size() == 1u);
    BOOST_TEST(data->getObject(0)->getValue<std::string>("status") == "success");
    BOOST_TEST(data->getObject(0)->getValue<Poco::Int64>("caseId") == acmeCase.id);
}

BOOST_AUTO_TEST_CASE(without_email_the_case_decides_consumer_then_customer) {
    BOOST_TEST(result(send(acme, R"({"guid":")" + acmeCase.guid + R"("})")).convert<bool>() == true);
    BOOST_TEST(result(send(acme, R"({"guid":")" + acmeCase.guid + R"(","email":""})")).convert<bool>() == true);
    Poco::Data::Session database = openStore(daemon.dataDir());
    const SeededCase customerOnly = seedCase(database, 1, 1001, 1,
                                             R"({"type":1,"organizationName":"Shop AB","email":"shop@example.com"})");
    BOOST_TEST(result(send(acme, R"({"guid":")" + customerOnly.guid + R"("})")).convert<bool>() == true);
    BOOST_TEST_REQUIRE(smtp.waitFor(3));
    const auto mails = smtp.mails();
    BOOST_TEST(mails[0].recipients.front() == "test@test.com");
    BOOST_TEST(mails[1].recipients.front() == "test@test.com");
    BOOST_TEST(mails[2].recipients.front() == "shop@example.com");
    BOOST_TEST(mails[2].data.find("Hello Shop AB,") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(no_recipient_is_a_string_result) {
    Poco::Data::Session database = openStore(daemon.dataDir());
    const SeededCase nobody = seedCase(database, 1, 1001, 1, R"({"type":0,"firstName":"No","lastName":"Mail"})");
    const Poco::Dynamic::Var r = result(send(acme, R"({"guid":")" + nobody.guid + R"("})"));
    BOOST_TEST(r.isString());
    BOOST_TEST(r.toString() == "No recipient: the case has no consumer or customer email");
    BOOST_TEST(smtp.mails().empty());
}

BOOST_AUTO_TEST_CASE(access_and_validation) {
    BOOST_TEST(send(globex, R"({"guid":")" + acmeCase.guid + R"("})").status == 403);
    BOOST_TEST(errorOf(send(acme, R"({"guid":")" + globexCase.guid + R"("})")) == "No access");
    BOOST_TEST(send(infocare, R"({"guid":")" + acmeCase.guid + R"("})").status == 403);  // partners only
    BOOST_TEST(send(acme, R"({"guid":"1e0abcb7-b94c-4072-a9c0-37072a1ef015"})").status == 404);
    BOOST_TEST(errorOf(send(acme, R"({"email":"a@b.se"})")) == R"(child "guid" fails because ["guid" is required])");
    BOOST_TEST(errorOf(send(acme, "")) == R"(child "guid" fails because ["guid" is required])");  // no body
    BOOST_TEST(errorOf(send(acme, R"({"guid":")" + acmeCase.guid + R"(","email":"nobody"})")) ==
               R"(child "email" fails because ["email" must be a valid email])");
    BOOST_TEST(smtp.mails().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(disabled_emails_answer_the_documented_string) {
    Daemon daemon;  // samples/sohub.properties: email.enabled = false
    const BookedCase booked = bookCase(daemon.http(), acme);
    const HttpResult r = daemon.http().post("/api/v3/case/send-completed-email", acme, R"({"guid":")" + booked.guid + "\"}");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body == R"({"data":{"result":"Emails are disabled in the settings"}})");
    const auto logged = daemon.http().post("/api/v3/requests/find", acme, std::string(R"({"type":"completedEmail"})")).object();
    const std::string status = logged->getArray("data")->getObject(0)->getValue<std::string>("status");
    BOOST_TEST(status == "error");
}

BOOST_AUTO_TEST_CASE(smtp_refusal_is_a_string_result) {
    SmtpServer refusing(true);
    Daemon daemon(mailSettings(refusing.port()));
    const BookedCase booked = bookCase(daemon.http(), acme);
    const HttpResult r = daemon.http().post("/api/v3/case/send-completed-email", acme, R"({"guid":")" + booked.guid + "\"}");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const auto result = r.object()->getObject("data")->get("result");
    BOOST_TEST(result.isString());
    BOOST_TEST(result.toString().find("The SMTP server refused the email") == 0u, result.toString());
}

BOOST_AUTO_TEST_CASE(starttls_sends_over_tls_to_a_server_whose_certificate_is_trusted) {
    const Certificate certificate;
    SmtpServer secure(false, certificate.tls());  // takes no mail before STARTTLS
    std::vector<std::string> settings = mailSettings(secure.port());
    settings.push_back("email.smtp.starttls=true");
    settings.push_back("email.smtp.caLocation=" + certificate.certificateFile);
    Daemon daemon(settings);
    const BookedCase booked = bookCase(daemon.http(), acme);
    const HttpResult r = daemon.http().post("/api/v3/case/send-completed-email", acme, R"({"guid":")" + booked.guid + "\"}");
    BOOST_TEST(r.body == R"({"data":{"result":true}})");
    BOOST_TEST_REQUIRE(secure.waitFor(1));
    BOOST_TEST(secure.mails().front().recipients == std::vector<std::string>{"test@test.com"});
    BOOST_TEST(secure.ehlosAfterTls() == 1);  // greeted again inside TLS
}

BOOST_AUTO_TEST_CASE(starttls_refuses_a_server_whose_certificate_is_not_trusted) {
    const Certificate certificate;
    SmtpServer secure(false, certificate.tls());
    std::vector<std::string> settings = mailSettings(secure.port());
    settings.push_back("email.smtp.starttls=true");  // no caLocation: the self-signed certificate is unknown
    Daemon daemon(settings);
    const BookedCase booked = bookCase(daemon.http(), acme);
    const HttpResult r = daemon.http().post("/api/v3/case/send-completed-email", acme, R"({"guid":")" + booked.guid + "\"}");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    BOOST_TEST(r.object()->getObject("data")->get("result").isString(), r.body);
    BOOST_TEST(r.body.find("certificate") != std::string::npos, r.body);
    BOOST_TEST(secure.mails().empty());
}
