// Options, configuration, the hub and its subsystems; the work itself lives in the subsystems.
#include "app/SohubApplication.h"

#include "app/AskedKeys.h"
#include "app/BatchSide.h"
#include "app/Detach.h"
#include "app/HttpSubsystem.h"
#include "app/Hub.h"
#include "app/PidFile.h"
#include "app/ReferenceWatch.h"
#include "domain/ConfigKeys.h"
#include "operations/JsonLogFormat.h"
#include "operations/Metrics.h"
#include "scheduler/Dispatcher.h"
#include "scheduler/JobSpec.h"
#include "scheduler/SchedulerSubsystem.h"
#include "store/Migrations.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/Logger.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/LoggingConfigurator.h>
#include <Poco/Util/Subsystem.h>
#include <Poco/Exception.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionCallback.h>
#include <Poco/Util/OptionSet.h>

#include <iostream>
#include <limits>

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <string.h>

using Poco::Util::Option;
using Poco::Util::OptionCallback;

namespace sohub {
namespace {

// Poco's logging subsystem (the application's first) builds the channels from logging.* again; this one, next,
// puts logging.format on them before any other part logs.
class LogFormatSubsystem : public Poco::Util::Subsystem {
public:
    const char* name() const override { return "log format"; }

protected:
    void initialize(Poco::Util::Application& app) override { applyLogFormat(app.config()); }
    void uninitialize() override {}
};

// SIGINT, SIGTERM, SIGQUIT and SIGHUP: each stops sohubd cleanly (there is no reload: a restart reads the file).
sigset_t stopSignals() {
    sigset_t stops;
    sigemptyset(&stops);
    for (const int signal : {SIGINT, SIGTERM, SIGQUIT, SIGHUP}) sigaddset(&stops, signal);
    return stops;
}

}  // namespace

SohubApplication::SohubApplication() { setUnixOptions(true); }

SohubApplication::~SohubApplication() = default;

void SohubApplication::defineOptions(Poco::Util::OptionSet& options) {
    // ServerApplication's --daemon, --umask and --pidfile, with a pid file of our own (PidFile).
    Application::defineOptions(options);
    // --daemon is taken out of the arguments before they get here (Detach): listed for --help.
    options.addOption(Option("daemon", "", "Run in the background; return once it serves (0) or failed to start.")
                          .required(false)
                          .repeatable(false));
    options.addOption(Option("umask", "", "Set the daemon's umask (octal, e.g. 027).")
                          .required(false)
                          .repeatable(false)
                          .argument("mask")
                          .callback(OptionCallback<SohubApplication>(this, &SohubApplication::handleUMask)));
    options.addOption(Option("pidfile", "", "Write the process id to FILE; refused while a running sohubd holds it.")
                          .required(false)
                          .repeatable(false)
                          .argument("FILE")
                          .callback(OptionCallback<SohubApplication>(this, &SohubApplication::handlePidFile)));
    options.addOption(Option("help", "h", "Show this help and exit.")
                          .required(false)
                          .repeatable(false)
                          .callback(OptionCallback<SohubApplication>(this, &SohubApplication::handleHelp)));
    options.addOption(Option("version", "v", "Show the version and the store schema version it migrates to, and exit.")
                          .required(false)
                          .repeatable(false)
                          .callback(OptionCallback<SohubApplication>(this, &SohubApplication::handleVersion)));
    options.addOption(Option("config", "c", "Load the configuration from FILE (default samples/sohub.properties).")
                          .required(false)
                          .repeatable(false)
                          .argument("FILE")
                          .callback(OptionCallback<SohubApplication>(this, &SohubApplication::handleConfig)));
    options.addOption(Option("define", "D", "Set a configuration key, overriding the file (repeatable).")
                          .required(false)
                          .repeatable(true)
                          .argument("key=value")
                          .callback(OptionCallback<SohubApplication>(this, &SohubApplication::handleDefine)));
}

void SohubApplication::handleUMask(const std::string&, const std::string& value) {
    if (value.empty() || value.size() > 4 || value.find_first_not_of("01234567") != std::string::npos)
        throw Poco::InvalidArgumentException("--umask takes an octal mask such as 027", value);
    ::umask(static_cast<mode_t>(std::stoi(value, nullptr, 8)));
}

void SohubApplication::handlePidFile(const std::string&, const std::string& value) {
    pidFile_ = std::make_unique<PidFile>(value);
}

void SohubApplication::handleHelp(const std::string&, const std::string&) {
    answered_ = true;
    Poco::Util::HelpFormatter help(options());
    help.setCommand(commandName());
    help.setUsage("[--config FILE] [--define key=value ...] [--daemon --pidfile FILE]");
    help.setHeader("sohubd: the Service Order Hub gateway. Serves the v3 API over HTTP.");
    help.setFooter("Every configuration key is documented in samples/sohub.properties.");
    help.format(std::cout);
    stopOptionsProcessing();
}

void SohubApplication::handleVersion(const std::string&, const std::string&) {
    answered_ = true;
    std::cout << "sohubd " << SOHUB_VERSION << " (store schema version " << knownSchemaVersion() << ")" << std::endl;
    stopOptionsProcessing();
}

void SohubApplication::handleConfig(const std::string&, const std::string& value) { configFile_ = value; }

void SohubApplication::handleDefine(const std::string&, const std::string& value) {
    const std::string::size_type eq = value.find('=');
    if (eq == std::string::npos || eq == 0) throw Poco::InvalidArgumentException("--define needs key=value", value);
    defines_.emplace_back(value.substr(0, eq), value.substr(eq + 1));
}

void SohubApplication::initialize(Poco::Util::Application& self) {
    if (answered_) return;
    // The stop signals are blocked before any thread starts, so every thread inherits the mask and only the main
    // thread's sigwait (main) takes them. A thread that left them open could receive SIGINT or SIGTERM itself and
    // be killed by its default action, skipping the clean stop.
    const sigset_t stops = stopSignals();
    pthread_sigmask(SIG_BLOCK, &stops, nullptr);
    loadConfiguration(configFile_, PRIO_DEFAULT);
    for (const auto& [key, value] : defines_) config().setString(key, value);
    // Every key set, taken before the layer that notes the keys asked for is put in front of the others.
    const std::vector<std::string> supplied = keysWithValues(config());
    Poco::AutoPtr<AskedKeys> asked(new AskedKeys);
    config().add(Poco::Util::AbstractConfiguration::Ptr(asked.get(), true), std::numeric_limits<int>::min());
    // Logging as configured from the first line on (the hub logs while it starts), in the configured format.
    Poco::Util::LoggingConfigurator().configure(Poco::Util::AbstractConfiguration::Ptr(&config(), true));
    applyLogFormat(config());
    try {
        logger().information("sohubd starting: configuration %s", configFile_);
    } catch (const Poco::Exception& error) {
        // A channel that cannot write (a log file in a folder that does not exist): Poco would report the start's
        // failure through that same channel, fail again, and end with 70 and the bare "File not found". Said on the
        // console instead, as any other configuration error (78).
        Poco::AutoPtr<Poco::ConsoleChannel> console(new Poco::ConsoleChannel);
        Poco::Logger::setChannel("", console.get());
        throw Poco::InvalidArgumentException("logging.*: the log cannot be written", error.displayText());
    }
    hub_ = std::make_unique<Hub>(config());
    batch_ = std::make_unique<BatchSide>(config(), *hub_);
    // Which release, migrating to which schema, each daemon runs: what an upgrade of several daemons looks at.
    buildInfo_ = metrics::registry().collect([](metrics::Exposition& out) {
        out.family("sohub_build_info", "The running sohubd: its version and the store schema version it knows", "gauge");
        out.sample("sohub_build_info",
                   metrics::label("version", SOHUB_VERSION) + "," +
                       metrics::label("schema_version", std::to_string(knownSchemaVersion())),
                   std::uint64_t{1});
    });
    // The application owns and releases its subsystems, starts them in this order and stops them in reverse. HTTP
    // comes last: once it answers, the jobs are declared in the store and the dispatcher takes deliveries; and it
    // stops first, so no request reaches a stopped part. The scheduler's webhook sweep calls the dispatcher, which
    // therefore starts before it and stops after it.
    addSubsystem(new LogFormatSubsystem);  // after Poco's logging subsystem configured the channels again
    RunningParts& parts = hub_->runningParts();
    for (const char* part : {"dispatcher", "scheduler", "http"}) parts.expect(part);
    auto* const watch = new ReferenceWatch(hub_->database(), hub_->catalog(),
                                           integerKey(config(), "store.referenceCheckSeconds", 5, 1, 3600));
    auto* const dispatcher = new DispatcherSubsystem(batch_->dispatcher(), parts);
    auto* const scheduler = new SchedulerSubsystem(batch_->scheduler(), parts);
    auto* const http = new HttpSubsystem(*hub_);
    addSubsystem(watch);
    addSubsystem(dispatcher);
    addSubsystem(scheduler);
    addSubsystem(http);
    try {
        ServerApplication::initialize(self);
    } catch (...) {
        // One failed to start (the HTTP port taken, a store that takes no write): Poco stops none of those started
        // before it, whose threads would outlive the hub they work on. Stopped here, in reverse order; the error
        // goes on to the log and the exit status.
        http->uninitialize();
        scheduler->uninitialize();
        dispatcher->uninitialize();
        watch->uninitialize();
        throw;
    }
    // Every part has read its keys by now: a key set and never asked for is misspelt or does not apply.
    for (const std::string& key : asked->neverAsked(supplied))
        logger().warning("Configuration key %s is set but not used: sohubd knows no such key, or not with these "
                         "settings", key);
}

void SohubApplication::uninitialize() {
    ServerApplication::uninitialize();
    if (buildInfo_ >= 0) metrics::registry().drop(buildInfo_);
    batch_.reset();
    hub_.reset();
}

int SohubApplication::main(const std::vector<std::string>&) {
    if (answered_) return Application::EXIT_OK;
    // The store's schema is the one this binary knows once it started: migrated up to it, or it refused to start.
    logger().information("sohubd started: version %s, store schema version %d", std::string(SOHUB_VERSION),
                         knownSchemaVersion());
    tellStarted();  // --daemon: the command that started it ends now, with 0
    // Poco's waitForTerminationRequest, with SIGHUP as well: its default action (a closed terminal, an operator
    // expecting a reload) would end the process on the spot, leaving its leases to expire.
    const sigset_t stops = stopSignals();
    int signal = 0;
    while (sigwait(&stops, &signal) != 0) {
    }
    logger().information("sohubd stopping (%s)", std::string(strsignal(signal)));
    hub_->database().hurry();  // the stop's last records wait a second at most for a store another process holds
    return Application::EXIT_OK;
}

}  // namespace sohub
