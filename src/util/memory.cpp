#include "relctl/util/memory.hpp"

namespace relctl::memory {
namespace {

TransientHook g_hook = nullptr;

}  // namespace

void set_transient_hook(TransientHook hook) { g_hook = hook; }

TransientScope::TransientScope() {
  if (g_hook != nullptr) g_hook(true);
}

TransientScope::~TransientScope() {
  if (g_hook != nullptr) g_hook(false);
}

}  // namespace relctl::memory
