#include "src/witness/witness_server.h"

#include <httplib.h>

#include "src/server/bind_port.h"

namespace auditgraph {

WitnessServer::WitnessServer(WitnessService& service, WitnessServerOptions options,
                             std::shared_ptr<spdlog::logger> logger)
    : service_(service),
      options_(std::move(options)),
      logger_(std::move(logger)),
      http_(std::make_unique<httplib::Server>()) {}

WitnessServer::~WitnessServer() = default;

Status WitnessServer::bind() {
  const size_t threads = options_.threads;
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_->set_payload_max_length(options_.max_body_bytes);
  http_->set_read_timeout(options_.read_timeout);
  http_->set_keep_alive_timeout(2);  // a stop waits at most this long for idle connections
  http_->set_exception_handler(
      [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        const std::string what = exception_text(ep);
        if (logger_) logger_->error("witness: {} {}: {}", req.method, req.target, what);
        res.status = 500;
        res.set_content("internal error\n", "text/plain; charset=utf-8");
      });
  http_->Post("/add-checkpoint", [this](const httplib::Request& req, httplib::Response& res) {
    WitnessReply reply = service_.add_checkpoint(req.body);
    res.status = reply.status;
    res.set_content(std::move(reply.body), reply.content_type);
  });
  auto bound = bind_port(*http_, options_.host, options_.port);
  if (!bound.ok()) return bound.status();
  port_ = *bound;
  return Status::Ok();
}

void WitnessServer::run() { http_->listen_after_bind(); }

void WitnessServer::stop() { http_->stop(); }

}  // namespace auditgraph
