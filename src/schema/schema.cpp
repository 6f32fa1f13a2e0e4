// JSON Schema 2020-12 on top of valijson (draft 7): compiling. The
// translation is in translate.cpp, the checks in validate.cpp.
#include "relctl/schema/schema.hpp"

#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <exception>
#include <utility>

#include <fmt/format.h>
#include <valijson/schema_parser.hpp>

#include "impl.hpp"
#include "node_adapter.hpp"
#include "relctl/load/errors.hpp"
#include "relctl/schema/translate.hpp"

namespace relctl::schema {

namespace detail {

std::size_t inline_stack_budget() {
  // Half of what the main thread may grow to, leaving room for the callers.
  static const std::size_t budget = [] {
    rlimit lim{};
    if (getrlimit(RLIMIT_STACK, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) {
      return std::size_t{4} << 20;
    }
    return static_cast<std::size_t>(lim.rlim_cur) / 2;
  }();
  return budget;
}

void run_with_stack(std::size_t bytes, const std::function<void()>& fn) {
  // Ordinary files need little stack: no thread then (a thread with a large
  // stack costs more than the whole validation of a real control file).
  if (bytes <= inline_stack_budget()) {
    fn();
    return;
  }
  const std::size_t size_wanted = std::max(bytes, kBaseStack);
  struct Call {
    const std::function<void()>* fn;
    std::exception_ptr error;
  } call{&fn, nullptr};
  auto entry = [](void* p) -> void* {
    auto* c = static_cast<Call*>(p);
    try {
      (*c->fn)();
    } catch (...) {
      c->error = std::current_exception();
    }
    return nullptr;
  };
  // Ask for less when the system will not reserve that much.
  for (std::size_t size = size_wanted; size >= (std::size_t{16} << 20); size /= 2) {
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0) break;
    pthread_t thread;
    const bool started = pthread_attr_setstacksize(&attr, size) == 0 &&
                         pthread_create(&thread, &attr, entry, &call) == 0;
    pthread_attr_destroy(&attr);
    if (started) {
      pthread_join(thread, nullptr);
      if (call.error) std::rethrow_exception(call.error);
      return;
    }
  }
  fn();  // no thread to be had: run here
}

}  // namespace detail

Schema::Schema(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Schema::Schema(Schema&&) noexcept = default;
Schema& Schema::operator=(Schema&&) noexcept = default;
Schema::~Schema() = default;

Schema Schema::compile(const JsonDocument& doc) {
  auto impl = std::make_unique<Impl>();
  impl->depth = detail::depth_of(doc.root());
  detail::run_with_stack(detail::stack_for(impl->depth), [&] {
    Translation t = translate(doc);
    for (const auto& p : t.patterns) impl->patterns.emplace(p, Regex::compile(p));
    impl->draft7 = std::move(t.draft7);
    try {
      // valijson reads the translation through relctl's one adapter; what it
      // keeps (constraints, frozen values) is its own copy.
      const JsonDocument draft7 = JsonDocument::from_json(impl->draft7, doc.file());
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
      parser.populateSchema(detail::NodeAdapter(draft7.root()), impl->compiled);
    } catch (const std::exception& e) {
      // The translation only hands valijson what it can read; this is a
      // safety net, not an expected path.
      throw LoadError(doc.file(),
                      fmt::format("malformed schema: valijson cannot use it: {}", e.what()),
                      doc.locate(JsonPath{}), JsonPath{});
    }
  });
  return Schema(std::move(impl));
}

}  // namespace relctl::schema
