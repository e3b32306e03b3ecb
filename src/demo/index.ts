export { seedDemo, DEMO_ACCOUNTS, DEMO_DEPARTEMENT, type DemoSeedResult } from './seed';
