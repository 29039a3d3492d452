// make_memory_history_store (include/auditgraph/history_store.h): an ordered map per family under
// one lock.
#include <array>
#include <map>
#include <mutex>

#include "auditgraph/history_store.h"

namespace auditgraph {
namespace {

class MemoryHistoryStore final : public HistoryStore {
 public:
  Status write(std::span<const Put> puts) override {
    std::lock_guard lock(mu_);
    for (const Put& p : puts) family(p.family)[p.key] = p.value;
    return Status::Ok();
  }

  Status scan(HistoryFamily f, std::string_view from, std::string_view to,
              const std::function<bool(std::string_view, std::string_view)>& fn) const override {
    std::lock_guard lock(mu_);
    const auto& m = families_[static_cast<size_t>(f)];
    for (auto it = m.lower_bound(from); it != m.end(); ++it) {
      if (!to.empty() && it->first >= to) break;
      if (!fn(it->first, it->second)) break;
    }
    return Status::Ok();
  }

  Result<std::string> get(HistoryFamily f, std::string_view key) const override {
    std::lock_guard lock(mu_);
    const auto& m = families_[static_cast<size_t>(f)];
    auto it = m.find(key);
    if (it == m.end()) return Status::NotFound("history: no such key");
    return it->second;
  }

  Status clear() override {
    std::lock_guard lock(mu_);
    for (auto& m : families_) m.clear();
    return Status::Ok();
  }

 private:
  std::map<std::string, std::string, std::less<>>& family(HistoryFamily f) {
    return families_[static_cast<size_t>(f)];
  }

  mutable std::mutex mu_;
  std::array<std::map<std::string, std::string, std::less<>>, kHistoryFamilies> families_;
};

}  // namespace

std::unique_ptr<HistoryStore> make_memory_history_store() {
  return std::make_unique<MemoryHistoryStore>();
}

}  // namespace auditgraph
