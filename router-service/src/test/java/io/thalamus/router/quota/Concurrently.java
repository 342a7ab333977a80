package io.thalamus.router.quota;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Starts many callers at the same moment, one thread each, and collects their answers. */
final class Concurrently {

    private Concurrently() {
    }

    /** The answers of {@code callers} calls of {@code call} (given the caller's index), in caller order. */
    static <T> List<T> run(int callers, IntFunction<Callable<T>> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Callable<T> caller = call.apply(i);
                results.add(pool.submit(() -> {
                    start.await();
                    return caller.call();
                }));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> result : results) {
                answers.add(result.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }
}
