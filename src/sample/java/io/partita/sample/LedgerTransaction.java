package io.partita.sample;

/**
 * One generated ledger transaction. The generator is deterministic, so every run and
 * every restart sees the same input for the same id; every thousandth transaction has a
 * zero amount and is rejected by validation.
 *
 * @param id the transaction id, from 1
 * @param account the account it is booked to
 * @param amountCents the amount in cents, never zero for a valid transaction
 */
public record LedgerTransaction(long id, String account, long amountCents) {

	public static LedgerTransaction generate(long id) {
		String account = "ACC-" + Math.floorMod(id * 7919, 1000);
		if (id % 1000 == 0) {
			return new LedgerTransaction(id, account, 0);
		}
		long amount = Math.floorMod(id * 2_654_435_761L, 200_001L) - 100_000;
		return new LedgerTransaction(id, account, (amount != 0) ? amount : 1);
	}

	public boolean isValid() {
		return this.amountCents != 0 && this.account.startsWith("ACC-");
	}

}
