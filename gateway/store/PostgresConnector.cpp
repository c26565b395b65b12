// A statement that translates its text before Poco's PostgreSQL executor prepares it; a session and a connector
// that hand out such statements. Everything else is Poco's.
#include "store/PostgresConnector.h"

#include "store/Dialect.h"

#include <Poco/Data/PostgreSQL/Binder.h>
#include <Poco/Data/PostgreSQL/Extractor.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <Poco/Data/PostgreSQL/StatementExecutor.h>
#include <Poco/Data/SessionFactory.h>
#include <Poco/Data/StatementImpl.h>

#include <mutex>

namespace sohub {
namespace {

namespace pg = Poco::Data::PostgreSQL;

class PortableStatement : public Poco::Data::StatementImpl {
public:
    explicit PortableStatement(pg::SessionImpl& session)
        : Poco::Data::StatementImpl(session),
          executor_(session.handle()),
          binder_(new pg::Binder),
          extractor_(new pg::Extractor(executor_)) {}

protected:
    std::size_t columnsReturned() const override { return executor_.columnsReturned(); }
    int affectedRowCount() const override { return static_cast<int>(executor_.getAffectedRowCount()); }
    const Poco::Data::MetaColumn& metaColumn(std::size_t position) const override {
        return executor_.metaColumn(position);
    }

    bool hasNext() override {
        if (next_ == Next::Unknown) {
            if (columnsReturned() == 0) return false;
            next_ = executor_.fetch() ? Next::Yes : Next::No;
        }
        return next_ == Next::Yes;
    }

    std::size_t next() override {
        if (!hasNext()) throw Poco::Data::DataException("no row to fetch");
        std::size_t position = 0;
        for (auto& extraction : extractions()) {
            extraction->extract(position);
            position += extraction->numOfColumnsHandled();
        }
        next_ = Next::Unknown;
        return 1;
    }

    bool canBind() const override {
        return executor_.state() >= pg::StatementExecutor::STMT_COMPILED && !bindings().empty() &&
               bindings().front()->canBind();
    }
    bool canCompile() const override { return executor_.state() < pg::StatementExecutor::STMT_COMPILED; }

    void compileImpl() override { executor_.prepare(postgresPlaceholders(toString())); }

    void bindImpl() override {
        std::size_t position = 0;
        for (auto& binding : bindings()) {
            if (!binding->canBind()) break;
            binding->bind(position);
            position += binding->numOfColumnsHandled();
        }
        binder_->updateBindVectorToCurrentValues();
        pg::InputParameterVector parameters = binder_->bindVector();  // the executor keeps a copy of its own
        for (pg::InputParameter& parameter : parameters) {
            if (parameter.fieldType() != Poco::Data::MetaColumn::FDT_STRING) continue;
            const auto* data = static_cast<const char*>(parameter.pInternalRepresentation());
            const std::string_view bound(data, parameter.size());
            if (bound.find('\0') == std::string_view::npos) continue;  // the usual text, not copied
            std::string text(bound);
            postgresText(text);
            parameter.setStringVersionRepresentation(text);
        }
        executor_.bindParams(parameters);
        executor_.execute();
        next_ = Next::Unknown;
    }

    Poco::Data::AbstractExtractor::Ptr extractor() override { return extractor_; }
    Poco::Data::AbstractBinder::Ptr binder() override { return binder_; }

private:
    enum class Next { Unknown, Yes, No };
    pg::StatementExecutor executor_;
    Poco::SharedPtr<pg::Binder> binder_;
    Poco::SharedPtr<pg::Extractor> extractor_;
    Next next_ = Next::Unknown;
};

class PortableSession : public pg::SessionImpl {
public:
    PortableSession(const std::string& connection, std::size_t timeout) : pg::SessionImpl(connection, timeout) {}
    Poco::Data::StatementImpl::Ptr createStatementImpl() override { return new PortableStatement(*this); }
};

class PortableConnector : public Poco::Data::Connector {
public:
    const std::string& name() const override {
        static const std::string connectorName = postgresConnectorName;
        return connectorName;
    }
    Poco::AutoPtr<Poco::Data::SessionImpl> createSession(const std::string& connection, std::size_t timeout) override {
        return Poco::AutoPtr<Poco::Data::SessionImpl>(new PortableSession(connection, timeout));
    }
};

}  // namespace

void registerPostgresConnector() {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Data::SessionFactory::instance().add(new PortableConnector); });
}

PGconn* postgresConnection(Poco::Data::Session& session) {
    auto* impl = dynamic_cast<pg::SessionImpl*>(session.impl());
    if (!impl) throw Poco::Data::DataException("not a PostgreSQL session");
    return static_cast<PGconn*>(impl->handle());
}

}  // namespace sohub
