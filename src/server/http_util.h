// Small helpers the route files share: JSON replies, Status -> HTTP status, query parameters
// parsed with errors that name the parameter.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "auditgraph/event.h"
#include "auditgraph/status.h"

// In a handler: `var` = the value of a Result, or answer its error and return.
#define AG_TRY_PARAM(var, expr)                                                  \
  auto var##_result = (expr);                                                    \
  if (!var##_result.ok()) return http::reply_status(res, var##_result.status()); \
  auto var = std::move(*var##_result)

namespace auditgraph::http {

void reply_json(httplib::Response& res, int status, const nlohmann::ordered_json& body);
// {"error": message}
void reply_error(httplib::Response& res, int status, const std::string& message);
// 400 InvalidArgument, 404 NotFound, 409 FailedPrecondition/AlreadyExists, 503 IOError, else 500.
int http_status(const Status& s);
void reply_status(httplib::Response& res, const Status& s);

// Query parameters. Each returns InvalidArgument "<name>: <reason>" for a malformed value.
Result<std::string> required_param(const httplib::Request& req, const std::string& name);
std::string param_or(const httplib::Request& req, const std::string& name,
                     const std::string& fallback);
Result<std::optional<uint64_t>> uint_param(const httplib::Request& req, const std::string& name,
                                           uint64_t max = UINT64_MAX);
Result<std::optional<Timestamp>> time_param(const httplib::Request& req, const std::string& name);
Result<bool> bool_param(const httplib::Request& req, const std::string& name, bool fallback);

}  // namespace auditgraph::http
