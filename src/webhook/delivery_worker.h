// The thread a node delivers webhooks on: it asks a WebhookDeliverer (service/webhook_deliverer.h)
// for what is due, one delivery at a time, and sleeps for the poll interval whenever nothing is.
// Failed tries are logged by endpoint and event id, never by URL (which may carry a token of
// the receiver's).
//
// Threading: start() and stop() from the owning thread; stop() waits for the delivery under way,
// at most its timeout.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/webhook_deliverer.h"

namespace keyward::webhook {

class DeliveryWorker {
 public:
  // `ctx` and `poster` must outlive the worker.
  DeliveryWorker(service::ServiceContext ctx, service::WebhookPoster& poster,
                 service::WebhookDeliveryPolicy policy);
  ~DeliveryWorker();
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  void start();
  void stop();  // idempotent

 private:
  void run();

  service::WebhookDeliverer deliverer_;
  std::chrono::milliseconds poll_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace keyward::webhook
