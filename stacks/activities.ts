/**
 * The activities catalogue of the original guide's `account_balances` table: 100 activity ids,
 * each with a category (which `createActivityGroups` keeps together in one group) and a type.
 * Append new activities at the end; existing ids keep their group (the grouping is stable).
 */
import type { Activity } from '../src/core/groups';

function inCategory(category: string, type: string, ids: readonly string[]): Activity[] {
  return ids.map((id) => ({ id, category, type }));
}

/** The 100 activities, in a fixed order (group assignment depends on the catalogue, never on time). */
export const ACTIVITIES: readonly Activity[] = [
  ...inCategory('native_holding', 'balance', ['xrd_holding', 'lsu_holding']),
  ...inCategory('stablecoin_holding', 'balance', ['usdc_holding', 'usdt_holding', 'xusdc_holding']),
  ...inCategory('wrapped_holding', 'balance', ['xwbtc_holding', 'xeth_holding']),
  ...inCategory('token_holding', 'balance', [
    'hug_holding', 'early_holding', 'oci_holding', 'dfp2_holding', 'astrl_holding', 'floop_holding',
    'weft_holding', 'caviar_holding', 'delphibit_holding', 'ice_holding', 'foton_holding',
  ]),
  ...inCategory('dex_trading', 'trade', [
    'dex_swap', 'dex_limit_order', 'dex_market_order', 'dex_order_cancel', 'dex_aggregator_swap',
    'dex_route_multi_hop', 'dex_otc_trade', 'dex_taker_fee',
  ]),
  ...inCategory('dex_rewards', 'reward', ['dex_fee_rebate', 'dex_volume_reward', 'dex_maker_reward', 'dex_referral_reward']),
  ...inCategory('liquidity', 'position', [
    'liquidity_provision', 'liquidity_withdrawal', 'concentrated_liquidity', 'liquidity_range_rebalance',
    'stable_pool_provision', 'weighted_pool_provision', 'single_sided_provision', 'liquidity_lock',
    'liquidity_migration',
  ]),
  ...inCategory('liquidity_rewards', 'reward', ['liquidity_fee_claim', 'liquidity_incentive', 'liquidity_boost']),
  ...inCategory('lending', 'position', [
    'lending', 'lending_interest', 'collateral_deposit', 'collateral_withdrawal', 'lending_reward',
    'isolated_lending',
  ]),
  ...inCategory('borrowing', 'position', [
    'borrowing', 'borrowing_interest', 'loan_repayment', 'liquidation', 'flash_loan', 'cdp_mint',
  ]),
  ...inCategory('staking', 'position', [
    'validator_stake', 'validator_unstake', 'stake_claim', 'staking_reward', 'validator_fee',
    'delegation_change', 'unstake_nft_claim',
  ]),
  ...inCategory('liquid_staking', 'position', ['liquid_staking', 'liquid_unstaking', 'restaking']),
  ...inCategory('farming', 'reward', ['yield_farming', 'farm_harvest', 'farm_compound', 'reward_claim']),
  ...inCategory('vaults', 'position', ['vault_deposit', 'vault_withdrawal', 'vault_yield', 'auto_compounder']),
  ...inCategory('nft', 'asset', [
    'nft_holding', 'nft_mint', 'nft_sale', 'nft_purchase', 'nft_listing', 'nft_royalty', 'nft_staking', 'nft_loan',
  ]),
  ...inCategory('bridge', 'transfer', ['bridge_in', 'bridge_out', 'bridge_fee', 'wrapped_asset_mint', 'wrapped_asset_burn']),
  ...inCategory('dao', 'participation', [
    'governance_vote', 'governance_proposal', 'governance_reward', 'dao_treasury_share', 'vote_escrow_lock',
  ]),
  ...inCategory('transfers', 'transfer', [
    'transfer_in', 'transfer_out', 'payment_stream', 'airdrop_claim', 'token_launch_purchase', 'fee_payment',
  ]),
  ...inCategory('derivatives', 'position', ['perpetual_position', 'options_position', 'prediction_market', 'insurance_cover']),
];
