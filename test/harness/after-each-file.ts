import { shutdownEngine } from './engine';

afterAll(() => shutdownEngine());
