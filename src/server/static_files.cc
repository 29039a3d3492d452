#include "src/server/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace auditgraph {
namespace {

std::string content_type_of(const std::filesystem::path& p) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".map", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"}};
  auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

}  // namespace

Result<StaticFiles> StaticFiles::Load(const std::string& dir, size_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::InvalidArgument("--web: '" + dir +
                                   "' is not a folder (build it: tools/dev web)");
  }
  StaticFiles out;
  size_t total = 0;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return Status::IOError("--web: cannot read " + it->path().string());
    File f{text.str(), content_type_of(it->path())};
    total += f.content.size();
    if (total > max_bytes) {
      return Status::InvalidArgument("--web: '" + dir + "' holds more than " +
                                     std::to_string(max_bytes) + " bytes");
    }
    out.files_[fs::relative(it->path(), dir).generic_string()] = std::move(f);
  }
  if (ec) return Status::IOError("--web: cannot list '" + dir + "': " + ec.message());
  if (!out.files_.count("index.html")) {
    return Status::InvalidArgument("--web: '" + dir + "' has no index.html");
  }
  return out;
}

Result<StaticFiles> StaticFiles::FromMemory(
    std::vector<std::pair<std::string, std::string>> files) {
  StaticFiles out;
  for (auto& [path, content] : files) {
    std::string type = content_type_of(std::filesystem::path(path));
    out.files_[path] = File{std::move(content), std::move(type)};
  }
  if (!out.files_.count("index.html")) {
    return Status::InvalidArgument("web page: no index.html among its " +
                                   std::to_string(out.files_.size()) + " files");
  }
  return out;
}

const StaticFiles::File* StaticFiles::find(const std::string& path) const {
  auto it = files_.find(path.empty() ? "index.html" : path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace auditgraph
