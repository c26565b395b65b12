// Commands map to API calls one to one; the token comes from SOHUB_TOKEN or --token-file, never the command line.
#include "ctl/SohubCtl.h"

#include "ctl/ProgressLine.h"

#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Thread.h>
#include <Poco/URI.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionCallback.h>
#include <Poco/Util/OptionSet.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include <unistd.h>

namespace sohub::ctl {
namespace {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

Poco::Dynamic::Var parse(const std::string& body) {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));  // the server's key order
    return parser.parse(body);
}

// A field by dotted path ("totals.records"), as text; "-" for null or absent.
std::string field(const Poco::JSON::Object::Ptr& object, const std::string& path) {
    Poco::JSON::Object::Ptr at = object;
    const Poco::StringTokenizer parts(path, ".");
    for (std::size_t i = 0; i + 1 < parts.count(); ++i) {
        if (!at || !at->has(parts[i]) || at->isNull(parts[i])) return "-";
        at = at->getObject(parts[i]);
    }
    const std::string& last = parts[parts.count() - 1];
    if (!at || !at->has(last) || at->isNull(last)) return "-";
    return at->get(last).convert<std::string>();
}

// The error's message, then each field's problems on a line of its own (a validation error names what to fix).
std::string errorMessage(const Answer& answer) {
    try {
        const auto object = parse(answer.body).extract<Poco::JSON::Object::Ptr>();
        const Poco::JSON::Object::Ptr error = object->getObject("error");
        if (!error) return answer.body;
        std::string text = error->getValue<std::string>("message");
        const Poco::JSON::Object::Ptr details = error->getObject("details");
        if (details) {
            for (const auto& [field, problems] : *details) {
                text += "\n  " + field + ":";
                const Poco::JSON::Array::Ptr list = problems.extract<Poco::JSON::Array::Ptr>();
                for (std::size_t i = 0; list && i < list->size(); ++i)
                    text += (i ? ", " : " ") + list->getElement<std::string>(static_cast<unsigned>(i));
            }
        }
        return text;
    } catch (const std::exception&) {
    }
    return answer.body;
}

std::string contentTypeOf(const std::string& file) {
    const std::string extension = Poco::toLower(Poco::Path(file).getExtension());
    if (extension == "csv") return "text/csv";
    if (extension == "ndjson" || extension == "jsonl") return "application/x-ndjson";
    if (extension == "json") return "application/json";
    return "application/octet-stream";  // sohubd tells the format by the first character
}

// The records a file holds, estimated by its lines (a CSV's header and blank lines not counted): the progress
// bar's 100%. Quoted line breaks make it an overestimate; the bar then jumps to 100% at the end.
long long estimateRecords(const std::string& file) {
    Poco::FileInputStream in(file);
    std::string line;
    long long lines = 0;
    while (std::getline(in, line))
        if (line.find_first_not_of(" \t\r") != std::string::npos) ++lines;
    if (contentTypeOf(file) == "text/csv" && lines > 0) --lines;
    return lines;
}

// A token file that is missing or holds nothing is the caller's to mend (exit 2), not a refusal by the server.
std::string readToken(const std::string& tokenFile) {
    if (!tokenFile.empty()) {
        std::string token;
        try {
            Poco::FileInputStream in(tokenFile);
            std::getline(in, token);
        } catch (const Poco::Exception& error) {
            throw UsageError("--token-file " + tokenFile + " cannot be read: " + error.displayText());
        }
        token = Poco::trim(token);
        if (token.empty()) throw UsageError("--token-file " + tokenFile + " holds no token on its first line");
        return token;
    }
    return Poco::trim(Poco::Environment::get("SOHUB_TOKEN", ""));
}

}  // namespace

std::string usageText() {
    return "usage: sohubctl [--url URL] [--token-file FILE] [--json] COMMAND [ARGS]\n"
           "commands:\n"
           "  import --kind cases|messages FILE   upload a file, show its progress, then its totals\n"
           "  imports                             the latest imports\n"
           "  report ID                           an import's report\n"
           "  exports                             export batches\n"
           "  export-run NAME                     run an export now\n"
           "  deliveries [--state STATE]          webhook deliveries (pending, delivering, delivered, failed)\n"
           "  replay GUID...                      send failed deliveries again\n"
           "  jobs                                scheduled jobs\n"
           "  job-run NAME                        run a job now\n"
           "the token: SOHUB_TOKEN or --token-file (never on the command line)\n"
           "exit codes: 0 done, 1 the server refused, 2 usage, 3 unreachable\n";
}

SohubCtl::SohubCtl() { setUnixOptions(true); }

void SohubCtl::defineOptions(Poco::Util::OptionSet& options) {
    const auto option = [&](const char* name, const char* description, const char* argument) {
        Poco::Util::Option o(name, "", description);
        o.required(false).repeatable(false).callback(Poco::Util::OptionCallback<SohubCtl>(this, &SohubCtl::handleOption));
        if (argument) o.argument(argument);
        options.addOption(o);
    };
    option("url", "the sohubd to talk to (default http://127.0.0.1:8080)", "URL");
    option("token-file", "read the API token from FILE (else SOHUB_TOKEN)", "FILE");
    option("json", "print the server's JSON answers, for scripts", nullptr);
    option("kind", "import: cases or messages", "KIND");
    option("state", "deliveries: only this state", "STATE");
    option("help", "show the commands and options", nullptr);
    // Declared so that it is refused by name (and not taken for --token-file): a token on the command line is seen
    // by every user of the machine (ps) and stays in shell histories.
    option("token", "refused: use SOHUB_TOKEN or --token-file", "TOKEN");
}

void SohubCtl::handleOption(const std::string& name, const std::string& value) {
    if (name == "url") url_ = value;
    else if (name == "token-file") tokenFile_ = value;
    else if (name == "json") json_ = true;
    else if (name == "kind") kind_ = value;
    else if (name == "state") state_ = value;
    else if (name == "help") help_ = true;
    else if (name == "token") tokenOnCommandLine_ = true;
}

ApiClient SohubCtl::client() const {
    const Poco::URI base(url_);
    if (base.getScheme() != "http" && base.getScheme() != "https") throw UsageError("--url must be an http:// or https:// URL");
    return ApiClient(base, readToken(tokenFile_));
}

int SohubCtl::finish(const Answer& answer, const std::function<void(const Poco::JSON::Object::Ptr&)>& human) const {
    if (!answer.ok()) {
        if (json_) std::cout << answer.body << "\n";
        std::cerr << "sohubctl: " << answer.status << " " << errorMessage(answer) << "\n";
        if (answer.status == 401) std::cerr << "sohubctl: the token comes from SOHUB_TOKEN or --token-file\n";
        return Exit::refused;
    }
    if (json_) {
        std::cout << answer.body << "\n";
        return Exit::done;
    }
    human(parse(answer.body).extract<Poco::JSON::Object::Ptr>());
    return Exit::done;
}

int SohubCtl::list(const ApiClient& api, const std::string& path,
                   const std::vector<std::pair<std::string, std::string>>& columns) const {
    return finish(api.get(path), [&](const Poco::JSON::Object::Ptr& answer) {
        const Poco::JSON::Array::Ptr rows = answer->getArray("data");
        std::vector<std::vector<std::string>> cells;
        std::vector<std::size_t> widths;
        for (const auto& column : columns) widths.push_back(column.first.size());
        for (unsigned i = 0; rows && i < rows->size(); ++i) {
            std::vector<std::string> line;
            for (std::size_t c = 0; c < columns.size(); ++c) {
                line.push_back(field(rows->getObject(i), columns[c].second));
                widths[c] = std::max(widths[c], line.back().size());
            }
            cells.push_back(std::move(line));
        }
        const auto print = [&](const std::vector<std::string>& line) {
            for (std::size_t c = 0; c < line.size(); ++c)
                std::cout << line[c] << (c + 1 < line.size() ? std::string(widths[c] - line[c].size() + 2, ' ') : "\n");
        };
        std::vector<std::string> header;
        for (const auto& column : columns) header.push_back(column.first);
        print(header);
        for (const auto& line : cells) print(line);
    });
}

int SohubCtl::importFile(const ApiClient& api, const std::string& file) const {
    if (kind_ != "cases" && kind_ != "messages") throw UsageError("import needs --kind cases or --kind messages");
    if (!Poco::File(file).exists() || !Poco::File(file).isFile()) throw UsageError("no file " + file);
    const std::string name = Poco::Path(file).getFileName();
    Poco::FileInputStream content(file);
    const Answer queued = api.upload("/api/v3/imports?kind=" + kind_ + "&fileName=" + Poco::URI(name).getPathEtc(), content,
                                     static_cast<std::streamsize>(Poco::File(file).getSize()), contentTypeOf(file));
    if (!queued.ok()) return finish(queued, {});
    const std::string id = field(parse(queued.body).extract<Poco::JSON::Object::Ptr>()->getObject("data"), "id");
    const long long estimate = estimateRecords(file);
    // The bar goes to stderr when --json keeps stdout for the answer.
    std::ostream& progressOut = json_ ? std::cerr : std::cout;
    ProgressLine progress(progressOut, ::isatty(json_ ? STDERR_FILENO : STDOUT_FILENO) == 1);
    for (;;) {
        const Answer now = api.get("/api/v3/imports?id=" + id);
        if (!now.ok()) return finish(now, {});
        const auto import = parse(now.body).extract<Poco::JSON::Object::Ptr>()->getArray("data")->getObject(0);
        const std::string status = field(import, "status");
        const long long records = std::stoll(field(import, "totals.records"));
        if (status == "queued" || status == "running") {
            progress.show(records, estimate);
            Poco::Thread::sleep(200);
            continue;
        }
        progress.finish(records);
        if (json_) {
            std::cout << now.body << "\n";
        } else {
            std::cout << "import " << id << " " << status << ": " << field(import, "totals.records") << " records, "
                      << field(import, "totals.created") << " created, " << field(import, "totals.rejected")
                      << " rejected, " << field(import, "totals.duplicates") << " duplicates";
            if (field(import, "error") != "-") std::cout << " (" << field(import, "error") << ")";
            if (status == "duplicate") std::cout << " (the same content as import " << field(import, "duplicateOf") << ")";
            std::cout << "\nreport: sohubctl report " << id << "  (GET /api/v3/imports/report?id=" << id << ")\n";
            if (field(import, "format") == "csv" && field(import, "totals.rejected") != "0")
                std::cout << "rejected rows: GET /api/v3/imports/rejected?id=" << id << "\n";
        }
        return status == "failed" ? Exit::refused : Exit::done;
    }
}

int SohubCtl::main(const std::vector<std::string>& args) {
    if (help_) {
        std::cout << usageText();
        return Exit::done;
    }
    try {
        if (tokenOnCommandLine_) throw UsageError("no token on the command line: set SOHUB_TOKEN or use --token-file");
        if (args.empty()) throw UsageError("which command?");
        const std::string& command = args[0];
        const auto expectArgs = [&](std::size_t count) {
            if (args.size() != count + 1) throw UsageError(command + " takes " + std::to_string(count) + " argument(s)");
        };
        const ApiClient api = client();
        const auto printData = [](const Poco::JSON::Object::Ptr& answer) {
            answer->get("data").extract<Poco::JSON::Object::Ptr>()->stringify(std::cout, 2);
            std::cout << "\n";
        };
        if (command == "import") {
            expectArgs(1);
            return importFile(api, args[1]);
        }
        if (command == "imports") {
            expectArgs(0);
            return list(api, "/api/v3/imports", {{"ID", "id"}, {"STATUS", "status"}, {"KIND", "kind"}, {"FILE", "file"},
                                                 {"RECORDS", "totals.records"}, {"CREATED", "totals.created"},
                                                 {"REJECTED", "totals.rejected"}, {"DUPLICATES", "totals.duplicates"},
                                                 {"QUEUED", "queuedAt"}});
        }
        if (command == "report") {
            expectArgs(1);
            return finish(api.get("/api/v3/imports/report?id=" + Poco::URI(args[1]).getPathEtc()), printData);
        }
        if (command == "exports") {
            expectArgs(0);
            return list(api, "/api/v3/exports", {{"ID", "id"}, {"EXPORT", "export"}, {"FILE", "file"}, {"RECORDS", "records"},
                                                 {"STATE", "state"}, {"CREATED", "createdAt"}, {"ACKNOWLEDGED", "acknowledgedAt"}});
        }
        if (command == "export-run" || command == "job-run") {
            expectArgs(1);
            Poco::JSON::Object body;
            body.set("name", args[1]);
            std::ostringstream text;
            body.stringify(text);
            const std::string path = command == "export-run" ? "/api/v3/exports/run" : "/api/v3/jobs/run";
            return finish(api.post(path, text.str()), [&](const Poco::JSON::Object::Ptr& answer) {
                if (command == "job-run") {
                    printData(answer);
                    return;
                }
                const Poco::JSON::Array::Ptr files = answer->getArray("data");
                if (files->size() == 0) std::cout << "export " << args[1] << ": nothing due\n";
                for (unsigned i = 0; i < files->size(); ++i)
                    std::cout << "wrote " << field(files->getObject(i), "file") << " (" << field(files->getObject(i), "records")
                              << " messages, batch " << field(files->getObject(i), "id") << ")\n";
            });
        }
        if (command == "deliveries") {
            expectArgs(0);
            const std::string query = state_.empty() ? "" : "?state=" + Poco::URI(state_).getPathEtc();
            return list(api, "/api/v3/deliveries" + query, {{"GUID", "guid"}, {"EVENT", "event"}, {"STATE", "state"},
                                                            {"ATTEMPTS", "attemptCount"}, {"LAST", "lastStatusCode"},
                                                            {"NEXT", "nextAttemptAt"}, {"URL", "url"}});
        }
        if (command == "replay") {
            if (args.size() < 2) throw UsageError("replay takes one or more delivery guids");
            Poco::JSON::Array::Ptr guids = new Poco::JSON::Array;
            for (std::size_t i = 1; i < args.size(); ++i) guids->add(args[i]);
            Poco::JSON::Object body;
            body.set("guids", guids);
            std::ostringstream text;
            body.stringify(text);
            return finish(api.post("/api/v3/deliveries/replay", text.str()), [](const Poco::JSON::Object::Ptr& answer) {
                const auto data = answer->getObject("data");
                const auto replayed = data->getArray("replayed");
                for (unsigned i = 0; i < replayed->size(); ++i) std::cout << "replayed " << replayed->get(i).toString() << "\n";
                const auto not_ = data->getArray("notReplayed");
                for (unsigned i = 0; i < not_->size(); ++i)
                    std::cout << "not replayed " << field(not_->getObject(i), "guid") << " (" << field(not_->getObject(i), "state") << ")\n";
            });
        }
        if (command == "jobs") {
            expectArgs(0);
            return list(api, "/api/v3/jobs", {{"NAME", "name"}, {"KIND", "kind"}, {"SCHEDULE", "schedule"}, {"ENABLED", "enabled"},
                                              {"NEXT DUE", "nextDueAt"}, {"LAST OUTCOME", "lastRun.outcome"},
                                              {"LAST FINISHED", "lastRun.finishedAt"}});
        }
        throw UsageError("no command " + command);
    } catch (const UsageError& error) {
        std::cerr << "sohubctl: " << error.what() << "\n" << usageText();
        return Exit::usage;
    } catch (const Unreachable& error) {
        std::cerr << "sohubctl: cannot reach " << error.what() << "\n";
        return Exit::unreachable;
    } catch (const Poco::Exception& error) {
        std::cerr << "sohubctl: " << error.displayText() << "\n";  // an answer it could not read, a file it could not
        return Exit::refused;
    } catch (const std::exception& error) {
        std::cerr << "sohubctl: " << error.what() << "\n";
        return Exit::refused;
    }
}

}  // namespace sohub::ctl
