#include "src/server/http_util.h"

#include <charconv>

#include "auditgraph/ingest.h"

namespace auditgraph::http {

void reply_json(httplib::Response& res, int status, const nlohmann::ordered_json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
                  "application/json");
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
  reply_json(res, status, {{"error", message}});
}

int http_status(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk:
      return 200;
    case Status::Code::kInvalidArgument:
      return 400;
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kFailedPrecondition:
    case Status::Code::kAlreadyExists:
      return 409;
    case Status::Code::kIOError:
      return 503;
    default:
      return 500;
  }
}

void reply_status(httplib::Response& res, const Status& s) {
  reply_error(res, http_status(s), s.message());
}

Result<std::string> required_param(const httplib::Request& req, const std::string& name) {
  if (!req.has_param(name.c_str()) || req.get_param_value(name.c_str()).empty()) {
    return Status::InvalidArgument(name + ": required parameter is missing");
  }
  return req.get_param_value(name.c_str());
}

std::string param_or(const httplib::Request& req, const std::string& name,
                     const std::string& fallback) {
  return req.has_param(name.c_str()) ? req.get_param_value(name.c_str()) : fallback;
}

Result<std::optional<uint64_t>> uint_param(const httplib::Request& req, const std::string& name,
                                           uint64_t max) {
  if (!req.has_param(name.c_str())) return std::optional<uint64_t>();
  const std::string text = req.get_param_value(name.c_str());
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) {
    return Status::InvalidArgument(name + ": '" + text + "' is not a non-negative integer");
  }
  if (v > max) {
    return Status::InvalidArgument(name + ": " + text + " is more than " + std::to_string(max));
  }
  return std::optional<uint64_t>(v);
}

Result<std::optional<Timestamp>> time_param(const httplib::Request& req, const std::string& name) {
  if (!req.has_param(name.c_str())) return std::optional<Timestamp>();
  const std::string text = req.get_param_value(name.c_str());
  auto t = parse_rfc3339(text);
  if (!t) return Status::InvalidArgument(name + ": '" + text + "' is not an RFC 3339 time");
  return std::optional<Timestamp>(*t);
}

Result<bool> bool_param(const httplib::Request& req, const std::string& name, bool fallback) {
  if (!req.has_param(name.c_str())) return fallback;
  const std::string text = req.get_param_value(name.c_str());
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return Status::InvalidArgument(name + ": '" + text + "' is not true or false");
}

}  // namespace auditgraph::http
