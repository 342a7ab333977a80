package io.thalamus.router.quota;

/** The budget counters' answer to a reservation: the (Redis) day it was reserved in, or the refusal. */
record BudgetAdmission(long day, Admission refusal) {

    static BudgetAdmission reserved(long day) {
        return new BudgetAdmission(day, null);
    }

    static BudgetAdmission refused(Admission refusal) {
        return new BudgetAdmission(-1, refusal);
    }

    boolean reserved() {
        return refusal == null;
    }
}
